/// Everything a guest is allowed to see: a deny-by-default description of its world.
///
/// A default configuration gives the guest no arguments, no environment, no files, and null stdio. The
/// configuration is a value and `Sendable`, so a server builds it once and creates a ``WASIContext`` from it per
/// request (buffers and host descriptors are shared references; give each request its own buffer).
///
/// ```swift
/// var config = WASIConfiguration(arguments: ["php-cgi", "index.php"])
/// config.environment = [("REQUEST_METHOD", "GET")]
/// config.preopens = [WASIPreopen(hostPath: "/srv/www", guestPath: "/www", access: .readOnly)]
/// let body = WASIOutputBuffer()
/// config.stdout = .buffer(body)
/// ```
public struct WASIConfiguration: Sendable {
    /// The guest's `argv`, including its program name.
    public var arguments: [String]
    /// The guest's environment, in order; nothing of the host's is passed unless put here.
    public var environment: [(name: String, value: String)]
    /// Directories the guest can reach, in file descriptor order starting at 3.
    public var preopens: [WASIPreopen]
    public var stdin: WASIInputStream
    public var stdout: WASIOutputStream
    public var stderr: WASIOutputStream
    public var clock: WASIClock
    public var random: WASIRandom
    /// Host sockets (listening or connected) handed to the guest; they get the descriptors after the preopens.
    /// Each is duplicated, so the embedder keeps ownership of its own.
    public var sockets: [Int32]

    public init(arguments: [String] = [], environment: [(name: String, value: String)] = [],
                preopens: [WASIPreopen] = [], stdin: WASIInputStream = .null, stdout: WASIOutputStream = .null,
                stderr: WASIOutputStream = .null, clock: WASIClock = .system, random: WASIRandom = .system,
                sockets: [Int32] = []) {
        self.arguments = arguments
        self.environment = environment
        self.preopens = preopens
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.clock = clock
        self.random = random
        self.sockets = sockets
    }
}
