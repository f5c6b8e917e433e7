/// Decides what a request below a location means, the way Apache + mod_rewrite would for a PHP application:
/// an existing static file is served, a script (with optional PATH_INFO after it) runs in the guest, a directory
/// gets its index, and anything that names no file goes to the front controller (Drupal's
/// `RewriteCond %{REQUEST_FILENAME} !-f` / `!-d` → `index.php` rule) with the original REQUEST_URI.
struct DocumentRootRouter: Sendable {
    enum Route: Equatable {
        case staticFile(hostPath: String)
        /// `scriptName` is the URL path of the script; `pathInfo` what followed it.
        case script(hostPath: String, scriptName: String, pathInfo: String?)
        /// A directory asked for without its trailing slash: relative links inside it need the slash.
        case redirect(location: String)
        case notFound
        case forbidden
    }

    /// Canonical host path of the document root.
    let documentRoot: String
    /// The location's URL prefix split into segments.
    let prefixSegments: [String]
    let frontController: String?
    let directoryIndex: [String]
    let scriptExtensions: [String]

    init(documentRoot: String, configuration: LocationConfiguration) {
        self.documentRoot = documentRoot
        self.prefixSegments = configuration.urlPrefix.split(separator: "/").map(String.init)
        self.frontController = configuration.frontController
        self.directoryIndex = configuration.directoryIndex
        self.scriptExtensions = configuration.scriptExtensions
    }

    func route(_ path: RequestPath) -> Route {
        guard let relative = path.segments(below: prefixSegments) else { return .notFound }
        var hostPath = documentRoot
        var consumed = prefixSegments
        var index = relative.startIndex
        while index < relative.endIndex {
            let segment = relative[index]
            hostPath += "/" + segment
            consumed.append(segment)
            index += 1
            switch HostPath.kind(of: hostPath) {
            case .directory:
                continue
            case .file:
                let rest = relative[index...]
                if isScript(segment) {
                    let pathInfo = rest.isEmpty ? nil
                        : "/" + rest.joined(separator: "/") + (path.hasTrailingSlash ? "/" : "")
                    return checked(hostPath) { .script(hostPath: $0, scriptName: urlPath(consumed), pathInfo: pathInfo) }
                }
                // Apache's AcceptPathInfo default: static files take no path info.
                return rest.isEmpty ? checked(hostPath) { .staticFile(hostPath: $0) } : toFrontController()
            case .other:
                return .forbidden
            case .missing:
                return toFrontController()
            }
        }
        // Every segment named a directory (or there were none: the location root).
        if !relative.isEmpty && !path.hasTrailingSlash {
            return .redirect(location: "/" + consumed.map(Self.percentEncoded).joined(separator: "/") + "/")
        }
        for name in directoryIndex where HostPath.kind(of: hostPath + "/" + name) == .file {
            let file = hostPath + "/" + name
            if isScript(name) {
                return checked(file) { .script(hostPath: $0, scriptName: urlPath(consumed + [name]), pathInfo: nil) }
            }
            return checked(file) { .staticFile(hostPath: $0) }
        }
        return toFrontController()
    }

    private func toFrontController() -> Route {
        guard let frontController else { return .notFound }
        let hostPath = documentRoot + "/" + frontController
        guard HostPath.kind(of: hostPath) == .file else { return .notFound }
        let segments = prefixSegments + frontController.split(separator: "/").map(String.init)
        return checked(hostPath) { .script(hostPath: $0, scriptName: urlPath(segments), pathInfo: nil) }
    }

    /// Symbolic links may point anywhere; only files whose real path stays in the document root are used.
    private func checked(_ hostPath: String, _ route: (String) -> Route) -> Route {
        guard let real = HostPath.canonical(hostPath), HostPath.isInside(real, directory: documentRoot) else {
            return .forbidden
        }
        return route(hostPath)
    }

    private func isScript(_ name: String) -> Bool {
        let lower = name.lowercased()
        return scriptExtensions.contains { lower.hasSuffix($0) }
    }

    private func urlPath(_ segments: [String]) -> String { "/" + segments.joined(separator: "/") }

    /// A decoded segment made safe for a `Location` header again (RFC 3986 unreserved characters and sub-delims
    /// stay as they are).
    private static func percentEncoded(_ segment: String) -> String {
        var result = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"),
                 UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","),
                 UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%" + String(UnicodeScalar(hex[Int(byte >> 4)])) + String(UnicodeScalar(hex[Int(byte & 15)]))
            }
        }
        return result
    }
}
