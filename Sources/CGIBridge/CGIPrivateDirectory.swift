#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WASI

/// A writable directory every run of the guest gets to itself: created empty under `hostParent` before the run,
/// preopened at `guestPath`, and removed with everything in it afterwards.
///
/// Why: a shared writable `/tmp` lets one request see (or plant) another's temporary files — PHP's upload temp
/// files, `tempnam()`, caches a script writes. With a private `/tmp` each request starts from an empty one, in
/// cold and in warm mode alike (the snapshot records the guest path; each restored instance gets its own host
/// directory behind it), and nothing accumulates on the host. State meant to outlive a request (sessions,
/// SQLite) belongs in an ordinary preopen.
public struct CGIPrivateDirectory: Sendable, Hashable {
    /// The host directory under which the per-run directories are created (it must exist and be writable).
    public var hostParent: String
    /// Where the guest sees it, e.g. "/tmp".
    public var guestPath: String

    public init(hostParent: String, guestPath: String) {
        self.hostParent = hostParent
        self.guestPath = guestPath
    }

    /// Creates a fresh, empty directory (mode 0700) for one run.
    func create() throws(CGIPrivateDirectoryError) -> WASIPreopen {
        var template = Array((hostParent.hasSuffix("/") ? hostParent : hostParent + "/").utf8CString.dropLast())
            + Array("cgi-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else {
            throw CGIPrivateDirectoryError("cannot create a private directory for \(guestPath) in \(hostParent): "
                + String(cString: strerror(errno)))
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return WASIPreopen(hostPath: path, guestPath: guestPath, access: .readWrite)
    }

    /// Removes a directory made by ``create()`` and everything the guest left in it. Symbolic links are removed,
    /// never followed, so a link the guest planted cannot make this delete anything outside.
    static func remove(_ preopen: WASIPreopen) {
        let fd = open(preopen.hostPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 { removeContents(of: fd) }
        rmdir(preopen.hostPath)
    }

    /// Empties the directory open at `fd` (and closes it), depth first.
    private static func removeContents(of fd: Int32) {
        guard let directory = fdopendir(fd) else {
            close(fd)
            return
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            // Not a directory (or a symbolic link to one): unlink it.
            if unlinkat(fd, name, 0) == 0 { continue }
            let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 { removeContents(of: child) }
            unlinkat(fd, name, AT_REMOVEDIR)
        }
    }
}

/// A private directory could not be created (the parent is missing, not writable, or the disk is full).
public struct CGIPrivateDirectoryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
