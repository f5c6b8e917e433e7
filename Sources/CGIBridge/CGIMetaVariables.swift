/// Turns a request into the guest's environment: the RFC 3875 meta-variables plus the ones PHP and Drupal rely on.
public enum CGIMetaVariables {
    /// The environment for one run: the static variables first (minus any a request variable replaces), then the
    /// request's, in a fixed order so a guest's `$_SERVER` is reproducible.
    static func environment(for request: CGIRequest, configuration: CGIConfiguration) -> [(name: String, value: String)] {
        environment(for: request, serverSoftware: configuration.serverSoftware,
                    staticEnvironment: configuration.environment)
    }

    /// The CGI/1.1 environment for one request, built exactly as for a guest: `staticEnvironment` first (minus
    /// any variable the request sets), then the request's meta-variables in a fixed order.
    ///
    /// Public because hosts that spawn *native* CGI programs (such as the benchmarks' native php-cgi baseline)
    /// need the same variables: one mapping means native and Wasm PHP see the same `$_SERVER`, including the
    /// header filtering (no `_` in names, no `Proxy`) that protects a script from forged variables. Paths in
    /// `request` are passed through as given, so a native host gives host paths.
    public static func environment(for request: CGIRequest, serverSoftware: String,
                                   staticEnvironment: [(name: String, value: String)]) -> [(name: String, value: String)] {
        let variables = requestVariables(request, serverSoftware: serverSoftware)
        let requestNames = Set(variables.map(\.name))
        return staticEnvironment.filter { !requestNames.contains($0.name) } + variables
    }

    static func requestVariables(_ request: CGIRequest, serverSoftware: String) -> [(name: String, value: String)] {
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
            ("REQUEST_SCHEME", request.https ? "https" : "http"),
            // php-cgi refuses to run without it unless cgi.force_redirect is off: it proves the request came
            // through a server rather than from a direct invocation.
            ("REDIRECT_STATUS", "200"),
        ]
        if let pathInfo = request.pathInfo {
            variables.append(("PATH_INFO", pathInfo))
            variables.append(("PATH_TRANSLATED", joinPath(request.documentRoot, pathInfo)))
        }
        if request.https { variables.append(("HTTPS", "on")) }

        var contentType: String?
        var sawContentLength = false
        var declaredLength: String?
        // Repeated fields are combined into one variable (RFC 3875 4.1.18); order of first appearance is kept.
        var httpNames: [String] = []
        var httpValues: [String: String] = [:]
        for (name, value) in request.headers {
            guard isSafeFieldName(name), !value.utf8.contains(0) else { continue }
            switch name.lowercased() {
            case "content-type":
                contentType = contentType ?? value
            case "content-length":
                sawContentLength = true
                declaredLength = declaredLength ?? value
            case "proxy":
                // httpoxy: HTTP_PROXY would be taken for the guest's outbound proxy setting.
                continue
            default:
                let variable = "HTTP_" + String(name.uppercased().map { $0 == "-" ? "_" : $0 })
                if let existing = httpValues[variable] {
                    httpValues[variable] = existing + (variable == "HTTP_COOKIE" ? "; " : ", ") + value
                } else {
                    httpNames.append(variable)
                    httpValues[variable] = value
                }
            }
        }
        if let contentType { variables.append(("CONTENT_TYPE", contentType)) }
        if request.bodyReader != nil {
            // A streamed body's length is not known yet: the client's claim is all there is (the reader ends the
            // stream where the body ends, so a wrong claim cannot make the guest read another request's bytes).
            if let declaredLength, let length = Int(declaredLength.trimmingSpaces), length >= 0 {
                variables.append(("CONTENT_LENGTH", String(length)))
            }
        } else if sawContentLength || !request.body.isEmpty {
            // The length of what the guest will actually find on stdin, whatever the client claimed.
            variables.append(("CONTENT_LENGTH", String(request.body.count)))
        }
        for name in httpNames { variables.append((name, httpValues[name]!)) }
        return variables
    }

    /// Field names of letters, digits and '-' only. A name with '_' is dropped (as nginx and Apache do) because
    /// "X_Forwarded_For" and "X-Forwarded-For" would both become HTTP_X_FORWARDED_FOR, letting a client forge a
    /// variable a trusted proxy sets; other characters would not survive as environment variable names.
    static func isSafeFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D
        }
    }

    static func joinPath(_ root: String, _ path: String) -> String {
        if root.hasSuffix("/") && path.hasPrefix("/") { return root + path.dropFirst() }
        if !root.hasSuffix("/") && !path.hasPrefix("/") { return root + "/" + path }
        return root + path
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (header field values may have them, RFC 9110 5.5).
    var trimmingSpaces: Substring {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
