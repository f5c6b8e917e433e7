import WASI

/// The static part of a CGI application's world, fixed when the server starts (mod_wasm's WasmDir, WasmMapDir,
/// WasmEnv and WasmArg). Everything request-specific is added per request by ``CGIApplication``.
public struct CGIConfiguration: Sendable {
    /// Host directories the guest can reach (the document root, a writable files or temp directory).
    public var preopens: [WASIPreopen]
    /// Writable directories each run gets to itself, empty (a private `/tmp`); preopened after ``preopens``.
    public var privateDirectories: [CGIPrivateDirectory]
    /// Static environment variables; a request's own meta-variables replace any of the same name.
    public var environment: [(name: String, value: String)]
    /// The guest's `argv`, `argv[0]` first. When empty, the guest gets `["cgi"]`: a bare program name, not the
    /// script's path, because php-cgi looks for php.ini next to `argv[0]`, and a path inside the document root
    /// would let an uploaded php.ini configure PHP. The query string is never turned into arguments (the RFC 3875
    /// "search string" rule is what made CVE-2012-1823 possible in php-cgi).
    public var arguments: [String]
    public var limits: CGILimits
    /// SERVER_SOFTWARE.
    public var serverSoftware: String
    /// Receives error log lines: the guest's stderr, traps, timeouts, malformed responses.
    public var log: (@Sendable (String) -> Void)?
    /// How many local redirects (a `Location: /path` without `Status`) one request may follow before it answers
    /// 500; a guest that redirects to itself would otherwise loop forever.
    public var maxLocalRedirects: Int
    /// Maps a local redirect to the request to run, for hosts whose router picks a different script for the new
    /// path. The bridge passes a GET request for the new URI with the body and content headers removed, the same
    /// script and no PATH_INFO (right for a front controller such as Drupal's index.php); nil keeps that as is.
    public var routeLocalRedirect: (@Sendable (CGIRequest) -> CGIRequest)?
    /// The export a cold run starts at (mod_wasm's WasmEntryPoint): `_start` for a WASI command such as php-cgi,
    /// or another exported function, called after the module's `_initialize` if it is a reactor. Warm
    /// applications name their request handler in ``CGIApplication/warm(module:configuration:initialize:handle:)``
    /// instead.
    public var entryPoint: String = "_start"
    /// How ``CGIApplication/handle(_:streamingTo:)`` batches the guest's writes (the buffered `handle` ignores it).
    public var streamBuffering: CGIStreamBuffering

    public init(preopens: [WASIPreopen] = [], environment: [(name: String, value: String)] = [],
                arguments: [String] = [], limits: CGILimits = CGILimits(), serverSoftware: String = "WasmVM",
                log: (@Sendable (String) -> Void)? = nil, maxLocalRedirects: Int = 10,
                routeLocalRedirect: (@Sendable (CGIRequest) -> CGIRequest)? = nil,
                streamBuffering: CGIStreamBuffering = CGIStreamBuffering(),
                privateDirectories: [CGIPrivateDirectory] = []) {
        self.preopens = preopens
        self.privateDirectories = privateDirectories
        self.environment = environment
        self.arguments = arguments
        self.limits = limits
        self.serverSoftware = serverSoftware
        self.log = log
        self.maxLocalRedirects = maxLocalRedirects
        self.routeLocalRedirect = routeLocalRedirect
        self.streamBuffering = streamBuffering
    }
}
