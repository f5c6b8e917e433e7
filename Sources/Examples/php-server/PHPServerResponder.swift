import CGIBridge
import HTTPTypes
import Hummingbird

/// The server's single responder: picks the tenant by longest URL prefix, lets it route the request, then serves
/// a static file, runs the guest on the worker pool, or answers itself; and logs every request.
struct PHPServerResponder: HTTPResponder {
    /// Sorted by prefix length, longest first, so the first match is the most specific location.
    let tenants: [Tenant]
    let workers: WorkerThreadPool
    let accessLog: AccessLog
    let serverHost: String
    let serverPort: Int

    init(tenants: [Tenant], workers: WorkerThreadPool, accessLog: AccessLog, serverHost: String, serverPort: Int) {
        self.tenants = tenants.sorted { $0.prefixSegments.count > $1.prefixSegments.count }
        self.workers = workers
        self.accessLog = accessLog
        self.serverHost = serverHost
        self.serverPort = serverPort
    }

    func respond(to request: Request, context: ServerRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        let target = request.head.path ?? "/"
        let (response, bytes) = await makeResponse(request, target: target, context: context)
        accessLog.record(remoteAddress: context.remoteAddress, method: request.method.rawValue, target: target,
                         status: response.status.code, bytes: bytes, duration: ContinuousClock.now - start)
        return response
    }

    private func makeResponse(_ request: Request, target: String,
                              context: ServerRequestContext) async -> (Response, Int) {
        let rawPath = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
        let path: RequestPath
        do { path = try RequestPath(rawPath: rawPath) } catch {
            return (ErrorResponse.make(error == .forbidden ? 403 : 400), 0)
        }
        guard let tenant = tenants.first(where: { path.segments(below: $0.prefixSegments) != nil }) else {
            return (ErrorResponse.make(404), 0)
        }
        let (serverName, _) = hostAndPort(request.head.authority)
        var cgiRequest = CGIRequest(
            method: request.method.rawValue, uri: target, headers: headerList(request),
            remoteAddress: context.remoteAddress, remotePort: context.remotePort,
            serverName: serverName ?? serverHost, serverPort: serverPort, serverProtocol: "HTTP/1.1")

        switch tenant.action(for: path, request: cgiRequest) {
        case .staticFile(let hostPath):
            return StaticFileResponse.make(hostPath: hostPath, method: request.method)
        case .redirect(let location):
            let query = target.firstIndex(of: "?").map { String(target[$0...]) } ?? ""
            var response = ErrorResponse.make(301)
            response.headers[.location] = location + query
            return (response, 0)
        case .status(let status):
            return (ErrorResponse.make(status), 0)
        case .guest(let routed):
            cgiRequest = routed
        }

        let body = request.body
        do {
            let buffer = try await body.collect(upTo: tenant.configuration.maxRequestBody)
            cgiRequest.body = Array(buffer.readableBytesView)
        } catch {
            return (ErrorResponse.make(413), 0)
        }
        let guestRequest = cgiRequest
        let cgiResponse: CGIResponse
        do {
            cgiResponse = try await workers.run { tenant.runGuest(guestRequest) }
        } catch {
            var response = ErrorResponse.make(503)
            response.headers[.retryAfter] = "1"
            return (response, 0)
        }
        return httpResponse(cgiResponse, method: request.method)
    }

    private func httpResponse(_ cgi: CGIResponse, method: HTTPRequest.Method) -> (Response, Int) {
        var headers = HTTPFields()
        var guestLength: String?
        for header in cgi.headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            // The server frames the body itself: a guest's own length or hop-by-hop fields could contradict it.
            if name == .contentLength { guestLength = header.value; continue }
            if name == .transferEncoding || name == .connection { continue }
            headers.append(HTTPField(name: name, value: header.value))
        }
        let status = HTTPResponse.Status(code: cgi.status)
        if method == .head {
            // PHP sends no body for HEAD, so the length of the GET body is unknown: state it only if the guest
            // did (or if it produced a body after all), as Apache does.
            if let guestLength {
                headers[.contentLength] = guestLength
            } else if !cgi.body.isEmpty {
                headers[.contentLength] = String(cgi.body.count)
            }
            let noBody = ResponseBody(contentLength: nil) { writer in try await writer.finish(nil) }
            return (Response(status: status, headers: headers, body: noBody), 0)
        }
        headers[.contentLength] = String(cgi.body.count)
        let body = ResponseBody(byteBuffer: ByteBuffer(bytes: cgi.body))
        return (Response(status: status, headers: headers, body: body), cgi.body.count)
    }

    /// The request's header fields in order. HTTPTypes moves `Host` into the `authority` pseudo-field; CGI and PHP
    /// expect it as HTTP_HOST, so it is put back first.
    private func headerList(_ request: Request) -> [(name: String, value: String)] {
        var list: [(name: String, value: String)] = []
        if let authority = request.head.authority { list.append((name: "Host", value: authority)) }
        for field in request.headers { list.append((name: field.name.rawName, value: field.value)) }
        return list
    }

    private func hostAndPort(_ authority: String?) -> (String?, Int?) {
        guard let authority, !authority.isEmpty else { return (nil, nil) }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            let host = String(authority[...close])
            let rest = authority[authority.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        if let colon = authority.lastIndex(of: ":") {
            return (String(authority[..<colon]), Int(authority[authority.index(after: colon)...]))
        }
        return (authority, nil)
    }
}
