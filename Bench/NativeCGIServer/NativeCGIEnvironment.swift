import CGIBridge

/// The RFC 3875 meta-variables for a native php-cgi run.
///
/// CGIBridge builds the same list for its guests, but that mapping is internal to the bridge, so this is a small
/// mapping of our own with the same variables, so that native and Wasm PHP see the same `$_SERVER`. Paths are
/// host paths here: the native process sees the host's file system.
enum NativeCGIEnvironment {
    static func variables(for request: CGIRequest, serverSoftware: String,
                          staticEnvironment: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var variables: [(name: String, value: String)] = [
            ("GATEWAY_INTERFACE", "CGI/1.1"),
            ("SERVER_SOFTWARE", serverSoftware),
            ("SERVER_NAME", request.serverName),
            ("SERVER_PORT", String(request.serverPort)),
            ("SERVER_PROTOCOL", request.serverProtocol),
            ("REQUEST_METHOD", request.method),
            ("REQUEST_URI", request.uri),
            ("QUERY_STRING", String(request.queryString)),
            ("DOCUMENT_ROOT", request.documentRoot),
            ("SCRIPT_FILENAME", request.scriptFilename),
            ("SCRIPT_NAME", request.scriptName),
            ("REMOTE_ADDR", request.remoteAddress),
            ("REMOTE_PORT", String(request.remotePort)),
            ("REQUEST_SCHEME", "http"),
            // php-cgi (cgi.force_redirect=1, Debian's default) refuses to run a script without it.
            ("REDIRECT_STATUS", "200"),
        ]
        if let pathInfo = request.pathInfo {
            variables.append(("PATH_INFO", pathInfo))
            variables.append(("PATH_TRANSLATED", request.documentRoot + pathInfo))
        }
        var httpNames: [String] = []
        var httpValues: [String: String] = [:]
        for (name, value) in request.headers {
            // Only letters, digits and '-' (an '_' would let a client forge a proxy's header; nginx and Apache
            // drop such fields too); never HTTP_PROXY (httpoxy).
            guard !name.isEmpty, name.utf8.allSatisfy(isFieldNameByte), !value.utf8.contains(0) else { continue }
            switch name.lowercased() {
            case "content-type": variables.append(("CONTENT_TYPE", value))
            case "content-length", "proxy": continue
            default:
                let variable = "HTTP_" + name.uppercased().replacingDashes()
                if let existing = httpValues[variable] {
                    httpValues[variable] = existing + (variable == "HTTP_COOKIE" ? "; " : ", ") + value
                } else {
                    httpNames.append(variable)
                    httpValues[variable] = value
                }
            }
        }
        if !request.body.isEmpty || request.headers.contains(where: { $0.name.lowercased() == "content-length" }) {
            variables.append(("CONTENT_LENGTH", String(request.body.count)))
        }
        for name in httpNames { variables.append((name, httpValues[name]!)) }
        let requestNames = Set(variables.map(\.name))
        return staticEnvironment.filter { !requestNames.contains($0.name) } + variables
    }

    private static func isFieldNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2D
    }
}

private extension String {
    func replacingDashes() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}
