#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmVM

/// One guest's WASI world: its arguments, environment, open file descriptors, clock and random source.
///
/// Create one per run (per request) from a ``WASIConfiguration``, register its functions with
/// ``define(into:)``, then instantiate and run the module, or let ``run(_:in:imports:invoking:arguments:)`` do all
/// of it. A context is used from one thread at a time, like the ``Store`` its functions run in. Dropping it closes
/// every host descriptor it opened.
///
/// ```swift
/// let output = WASIOutputBuffer()
/// let wasi = try WASIContext(WASIConfiguration(arguments: ["hello"], stdout: .buffer(output)))
/// let exitCode = try wasi.run(module).exitCode
/// print(output.text)
/// ```
public final class WASIContext {
    /// `argv` strings, each NUL-terminated, in the layout `args_get` copies out.
    let arguments: [[UInt8]]
    /// `KEY=VALUE` strings, each NUL-terminated.
    let environment: [[UInt8]]
    var descriptors = DescriptorTable()
    let clock: ClockSource
    let random: RandomSource

    public init(_ configuration: WASIConfiguration) throws(WASIConfigurationError) {
        arguments = configuration.arguments.map { Array($0.utf8) + [0] }
        environment = configuration.environment.map { Array("\($0.name)=\($0.value)".utf8) + [0] }
        clock = ClockSource(configuration.clock)
        random = RandomSource(configuration.random)

        try install(input: configuration.stdin)
        try install(output: configuration.stdout, inheriting: STDOUT_FILENO)
        try install(output: configuration.stderr, inheriting: STDERR_FILENO)
        for preopen in configuration.preopens { try install(preopen) }
        for socket in configuration.sockets { add(try Self.socketDescriptor(socket)) }
    }

    /// A duplicate of an embedder's socket.
    static func socketDescriptor(_ socket: Int32) throws(WASIConfigurationError) -> Descriptor {
        let fd = fcntl(socket, F_DUPFD_CLOEXEC, 0)
        guard fd >= 0 else { throw WASIConfigurationError("cannot duplicate socket descriptor \(socket)") }
        let type = Descriptor.filetype(ofHost: fd)
        return Descriptor(backing: .host(fd), ownsHostDescriptor: true, filetype: type,
                          rightsBase: .socket, rightsInheriting: .socket)
    }

    private func add(_ descriptor: Descriptor) {
        _ = try? descriptors.insert(descriptor)
    }

    private func install(input: WASIInputStream) throws(WASIConfigurationError) {
        switch input {
        case .null:
            add(Self.memoryStream(.null, input: true))
        case .bytes(let bytes):
            add(Self.memoryStream(.input(InputBytes(bytes)), input: true))
        case .reader(let reader):
            add(Self.memoryStream(.reader(reader), input: true))
        case .inherit:
            add(Self.hostStream(STDIN_FILENO, owned: false))
        case .hostFileDescriptor(let fd):
            add(Self.hostStream(try Self.duplicate(fd), owned: true))
        case .file(let path):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw WASIConfigurationError("cannot open \(path) for stdin: \(Self.hostError())") }
            add(Self.hostStream(fd, owned: true))
        }
    }

    private func install(output: WASIOutputStream, inheriting standardFD: Int32) throws(WASIConfigurationError) {
        switch output {
        case .null:
            add(Self.memoryStream(.null, input: false))
        case .buffer(let buffer):
            add(Self.memoryStream(.output(buffer), input: false))
        case .writer(let writer):
            add(Self.memoryStream(.writer(writer), input: false))
        case .inherit:
            add(Self.hostStream(standardFD, owned: false))
        case .hostFileDescriptor(let fd):
            add(Self.hostStream(try Self.duplicate(fd), owned: true))
        case .file(let path, let append):
            let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o644)
            guard fd >= 0 else { throw WASIConfigurationError("cannot open \(path) for output: \(Self.hostError())") }
            add(Self.hostStream(fd, owned: true))
        }
    }

    private func install(_ preopen: WASIPreopen) throws(WASIConfigurationError) {
        let rights = Self.preopenRights(preopen.access)
        add(try Self.preopenDescriptor(preopen, rightsBase: rights.base, rightsInheriting: rights.inheriting))
    }

    /// The rights a preopened directory starts with.
    static func preopenRights(_ access: WASIPreopen.Access) -> (base: WASIRights, inheriting: WASIRights) {
        var base = WASIRights.directory
        var inheriting = WASIRights.directory.union(.regularFile)
        if access == .readOnly {
            base.subtract(.mutating)
            inheriting.subtract(.mutating)
        }
        return (base, inheriting)
    }

    /// Opens a preopen's host directory (also used to reopen a snapshot's preopens at their numbers).
    static func preopenDescriptor(_ preopen: WASIPreopen, rightsBase: WASIRights,
                                  rightsInheriting: WASIRights) throws(WASIConfigurationError) -> Descriptor {
        let fd = open(preopen.hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            throw WASIConfigurationError("cannot open directory \(preopen.hostPath): \(Self.hostError())")
        }
        let descriptor = Descriptor(backing: .host(fd), ownsHostDescriptor: true, filetype: .directory,
                                    rightsBase: rightsBase, rightsInheriting: rightsInheriting,
                                    preopenName: Array(preopen.guestPath.utf8))
        descriptor.preopen = preopen
        return descriptor
    }

    /// An in-memory stream: input-only for stdin, output-only for stdout and stderr.
    private static func memoryStream(_ backing: Descriptor.Backing, input: Bool) -> Descriptor {
        var rights = WASIRights.stream
        rights.subtract(input ? [.fdWrite, .fdDatasync] : [.fdRead])
        return Descriptor(backing: backing, ownsHostDescriptor: false, filetype: .unknown, rightsBase: rights,
                          rightsInheriting: [])
    }

    private static func hostStream(_ fd: Int32, owned: Bool) -> Descriptor {
        let type = Descriptor.filetype(ofHost: fd)
        return Descriptor(backing: .host(fd), ownsHostDescriptor: owned, filetype: type,
                          rightsBase: Descriptor.defaultRights(for: type), rightsInheriting: [])
    }

    private static func duplicate(_ fd: Int32) throws(WASIConfigurationError) -> Int32 {
        let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw WASIConfigurationError("cannot duplicate descriptor \(fd): \(hostError())") }
        return copy
    }

    private static func hostError() -> String { String(cString: strerror(errno)) }
}

/// A configuration that cannot be set up (a preopen that does not exist, an output file that cannot be created).
public struct WASIConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
