#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open WASI file descriptor: what it refers to and the rights it carries.
///
/// A class, so `fd_renumber` moves the same object and the host descriptor is closed exactly once, when the
/// last table slot referring to it lets go.
final class Descriptor {
    enum Backing {
        /// A host file descriptor: file, directory, pipe, terminal, socket.
        case host(Int32)
        /// An embedder-visible in-memory sink.
        case output(WASIOutputBuffer)
        /// Fixed input bytes with a read position.
        case input(InputBytes)
        /// An embedder's streaming sink (``WASIOutputStream/writer(_:)``).
        case writer(any WASIStreamWriter)
        /// An embedder's streaming source (``WASIInputStream/reader(_:)``).
        case reader(any WASIStreamReader)
        /// Reads end of file, writes vanish.
        case null
    }

    let backing: Backing
    let ownsHostDescriptor: Bool
    let filetype: WASIFiletype
    var rightsBase: WASIRights
    var rightsInheriting: WASIRights
    /// `fdflags` of an in-memory backing (a host descriptor keeps its flags in the kernel).
    var memoryFlags: WASIFdFlags = []
    /// `fd_readdir` cookies issued for this directory.
    var directoryCookies = DirectoryCookies()
    /// The guest path of a preopened directory (`fd_prestat_get`); nil for everything else.
    let preopenName: [UInt8]?
    /// The configuration entry a preopened directory was opened from, so a snapshot can record it.
    var preopen: WASIPreopen?

    init(backing: Backing, ownsHostDescriptor: Bool, filetype: WASIFiletype, rightsBase: WASIRights,
         rightsInheriting: WASIRights, preopenName: [UInt8]? = nil) {
        self.backing = backing
        self.ownsHostDescriptor = ownsHostDescriptor
        self.filetype = filetype
        self.rightsBase = rightsBase
        self.rightsInheriting = rightsInheriting
        self.preopenName = preopenName
    }

    deinit {
        if ownsHostDescriptor, case .host(let fd) = backing { close(fd) }
    }

    /// The host descriptor, for operations that only exist on real files.
    var hostDescriptor: Int32? {
        if case .host(let fd) = backing { return fd }
        return nil
    }

    /// Throws `notcapable` unless the descriptor carries all of `rights`.
    func require(_ rights: WASIRights) throws(WASIErrno) {
        guard rightsBase.isSuperset(of: rights) else { throw .notCapable }
    }

    /// Like ``require(_:)`` for reading or writing, but answering `badf` as POSIX does for a descriptor not open
    /// for that (a guest's libc reports "Bad file descriptor" for a write to a file opened read-only).
    func requireAccess(_ rights: WASIRights) throws(WASIErrno) {
        guard rightsBase.isSuperset(of: rights) else { throw .badFileDescriptor }
    }

    /// The host descriptor of a directory that carries `rights`, for the `path_*` functions.
    func directory(requiring rights: WASIRights) throws(WASIErrno) -> Int32 {
        guard filetype == .directory, let fd = hostDescriptor else { throw .notDirectory }
        try require(rights)
        return fd
    }

    /// The filetype of a host descriptor, from `fstat` (and the socket type for sockets).
    static func filetype(ofHost fd: Int32) -> WASIFiletype {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unknown }
        let type = filetype(mode: info.st_mode)
        if type == .socketStream {
            var socketType: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(fd, SOL_SOCKET, SO_TYPE, &socketType, &length) == 0, socketType == Int32(SOCK_DGRAM.rawValue) {
                return .socketDatagram
            }
        }
        return type
    }

    static func filetype(mode: mode_t) -> WASIFiletype {
        switch mode & S_IFMT {
        case S_IFREG: .regularFile
        case S_IFDIR: .directory
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFLNK: .symbolicLink
        case S_IFSOCK: .socketStream
        default: .unknown   // FIFOs have no WASI filetype
        }
    }

    /// The rights a host descriptor of this type is given when handed in by the embedder.
    static func defaultRights(for type: WASIFiletype) -> WASIRights {
        switch type {
        case .regularFile, .blockDevice: .regularFile
        case .directory: .directory
        case .socketStream, .socketDatagram: .socket
        case .characterDevice: .characterDevice
        case .unknown, .symbolicLink: .stream
        }
    }
}

/// The bytes behind a ``WASIInputStream/bytes(_:)`` stdin, and how far the guest has read.
final class InputBytes {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}
