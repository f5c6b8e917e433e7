import WASI

/// One HTTP request as the host received it, plus where the script it maps to lives.
///
/// The HTTP host does the routing (which script answers which URL); the bridge only turns the request into CGI
/// meta-variables and a body on stdin. Paths named "guest" are as the guest sees them through its preopens, so the
/// host's own directory layout never leaks into the guest's `$_SERVER`.
public struct CGIRequest: Sendable {
    /// The request method, as received ("GET", "POST", "HEAD", ...).
    public var method: String
    /// The request-target as received: a path plus an optional "?query", still percent-encoded.
    public var uri: String
    /// Header fields in the order received; repeated fields appear repeatedly.
    public var headers: [(name: String, value: String)]
    /// The request body, given to the guest as stdin.
    public var body: [UInt8]
    /// A request body the guest reads while it arrives, instead of ``body`` (which is then ignored): each read
    /// of the guest's stdin blocks its thread until the reader has bytes, 0 meaning the end. `CONTENT_LENGTH`
    /// is then taken from the `Content-Length` header, as nobody knows the length yet; without one (a chunked
    /// request) the guest gets no `CONTENT_LENGTH`, and php-cgi reads no body, so buffer those into ``body``.
    /// The deadline cannot stop a guest while it waits in the reader: the reader must give up on a stalled
    /// client itself (return 0).
    public var bodyReader: (any WASIStreamReader)?
    public var remoteAddress: String
    public var remotePort: Int
    public var serverName: String
    public var serverPort: Int
    /// The HTTP version the client spoke, e.g. "HTTP/1.1".
    public var serverProtocol: String
    /// Whether the client connection is TLS (sets `HTTPS=on`, which PHP and Drupal use to build absolute URLs).
    public var https: Bool
    /// The document root as the guest sees it, e.g. "/var/www".
    public var documentRoot: String
    /// The guest path of the script to run, e.g. "/var/www/index.php".
    public var scriptFilename: String
    /// The URL path of the script, e.g. "/index.php".
    public var scriptName: String
    /// The part of the URL path after the script name, if the host's router found one ("/node/1").
    public var pathInfo: String?

    public init(method: String, uri: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                remoteAddress: String = "127.0.0.1", remotePort: Int = 0,
                serverName: String = "localhost", serverPort: Int = 80, serverProtocol: String = "HTTP/1.1",
                https: Bool = false, documentRoot: String = "/var/www",
                scriptFilename: String = "/var/www/index.php", scriptName: String = "/index.php",
                pathInfo: String? = nil) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
        self.serverName = serverName
        self.serverPort = serverPort
        self.serverProtocol = serverProtocol
        self.https = https
        self.documentRoot = documentRoot
        self.scriptFilename = scriptFilename
        self.scriptName = scriptName
        self.pathInfo = pathInfo
    }

    /// A request whose body is read while the guest runs (see ``bodyReader``).
    public init(method: String, uri: String, headers: [(name: String, value: String)] = [],
                bodyReader: any WASIStreamReader,
                remoteAddress: String = "127.0.0.1", remotePort: Int = 0,
                serverName: String = "localhost", serverPort: Int = 80, serverProtocol: String = "HTTP/1.1",
                https: Bool = false, documentRoot: String = "/var/www",
                scriptFilename: String = "/var/www/index.php", scriptName: String = "/index.php",
                pathInfo: String? = nil) {
        self.init(method: method, uri: uri, headers: headers, body: [], remoteAddress: remoteAddress,
                  remotePort: remotePort, serverName: serverName, serverPort: serverPort,
                  serverProtocol: serverProtocol, https: https, documentRoot: documentRoot,
                  scriptFilename: scriptFilename, scriptName: scriptName, pathInfo: pathInfo)
        self.bodyReader = bodyReader
    }

    /// The request-target's path, before any "?".
    public var path: Substring {
        uri.firstIndex(of: "?").map { uri[..<$0] } ?? uri[...]
    }

    /// The request-target's query, after the first "?", or "" when there is none (CGI always defines
    /// QUERY_STRING, and PHP reads it unconditionally).
    public var queryString: Substring {
        uri.firstIndex(of: "?").map { uri[uri.index(after: $0)...] } ?? ""
    }
}
