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
        let accessLog = accessLog
        let remoteAddress = context.remoteAddress
        let method = request.method.rawValue
        // Streamed bodies log when they end, so the line has the real size and the whole time.
        let record: @Sendable (Int, Int) -> Void = { status, bytes in
            accessLog.record(remoteAddress: remoteAddress, method: method, target: target,
                             status: status, bytes: bytes, duration: ContinuousClock.now - start)
        }
        let (response, bytes) = await makeResponse(request, target: target, context: context, record: record)
        // Responses the server makes itself (errors, redirects) report 0 but have a body: log its real size.
        if let bytes { record(response.status.code, request.method == .head ? 0 : response.body.contentLength ?? bytes) }
        return response
    }

    /// The response and its body size for the access log, or nil for a streamed body that logs itself.
    private func makeResponse(_ request: Request, target: String, context: ServerRequestContext,
                              record: @escaping @Sendable (Int, Int) -> Void) async -> (Response, Int?) {
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
        guard request.method == .head else {
            return await streamedResponse(guestRequest, tenant: tenant, record: record)
        }
        let cgiResponse: CGIResponse
        do {
            cgiResponse = try await workers.run { tenant.runGuest(guestRequest) }
        } catch {
            return (Self.overloaded(), 0)
        }
        return headResponse(cgiResponse)
    }

    private static func overloaded() -> Response {
        var response = ErrorResponse.make(503)
        response.headers[.retryAfter] = "1"
        return response
    }

    /// Runs the guest on a worker and answers as soon as its head is there; the body follows piece by piece as
    /// the guest writes it (with the bridge's `Content-Length` when the guest was done before anything had to be
    /// sent, else chunked), so the client sees the first bytes of a slow page early and the server never holds
    /// a whole large response twice.
    ///
    /// If the guest breaks off after the head (a trap, its time or fuel running out), the status line is already
    /// on the wire and cannot become a 5xx any more: the body writer throws, which makes Hummingbird close the
    /// connection without the final chunk, so the client sees a truncated response, not a complete-looking one.
    private func streamedResponse(_ request: CGIRequest, tenant: Tenant,
                                  record: @escaping @Sendable (Int, Int) -> Void) async -> (Response, Int?) {
        let stream = GuestResponseStream()
        do {
            try workers.submit { tenant.runGuest(request, streamingTo: stream) }
        } catch {
            return (Self.overloaded(), 0)
        }
        let reader = GuestResponseReader(stream)
        guard case .head(let code, let fields)? = await reader.next() else {
            return (ErrorResponse.make(500), 0)
        }
        var (headers, announcedLength) = Self.responseHeaders(fields)
        // CGIBridge announces a length when the guest finished before anything had to be sent (most pages):
        // then the response goes out with Content-Length instead of chunked encoding. The writer below sends
        // exactly that many bytes, or closes the connection, so a guest's wrong length can never desynchronise
        // the connection.
        let length = announcedLength.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
        if let length { headers[.contentLength] = String(length) }
        let status = HTTPResponse.Status(code: code)
        let body = ResponseBody { writer in
            var bytes = 0
            defer { record(code, bytes) }
            var complete = false
            loop: while let event = await reader.next() {
                switch event {
                case .body(var chunk):
                    if let length, bytes + chunk.count > length {
                        chunk.removeLast(bytes + chunk.count - length)
                        bytes += chunk.count
                        try await writer.write(ByteBuffer(bytes: chunk))
                        break loop
                    }
                    bytes += chunk.count
                    try await writer.write(ByteBuffer(bytes: chunk))
                case .end(let error):
                    complete = error == nil && (length == nil || bytes == length)
                    break loop
                case .head:
                    continue
                }
            }
            guard complete else { throw GuestBrokeOff() }
            try await writer.finish(nil)
        }
        return (Response(status: status, headers: headers, body: body), nil)
    }

    /// Thrown by a streamed body whose guest failed after its head was sent; it closes the connection.
    struct GuestBrokeOff: Error {}

    /// The guest's header fields as HTTP fields, without the ones the server must control, plus the
    /// `Content-Length` the guest (or the bridge) stated, returned apart: the caller decides whether to trust it.
    private static func responseHeaders(_ fields: [(name: String, value: String)]) -> (HTTPFields, String?) {
        var headers = HTTPFields()
        var guestLength: String?
        for header in fields {
            guard let name = HTTPField.Name(header.name) else { continue }
            // The server frames the body itself: a guest's own length or hop-by-hop fields could contradict it.
            if name == .contentLength { guestLength = header.value; continue }
            if name == .transferEncoding || name == .connection { continue }
            headers.append(HTTPField(name: name, value: header.value))
        }
        return (headers, guestLength)
    }

    /// HEAD is answered from the buffered run: there is no body to stream.
    private func headResponse(_ cgi: CGIResponse) -> (Response, Int?) {
        var (headers, guestLength) = Self.responseHeaders(cgi.headers)
        // PHP sends no body for HEAD, so the length of the GET body is unknown: state it only if the guest did
        // (or if it produced a body after all), as Apache does.
        if let guestLength {
            headers[.contentLength] = guestLength
        } else if !cgi.body.isEmpty {
            headers[.contentLength] = String(cgi.body.count)
        }
        let noBody = ResponseBody(contentLength: nil) { writer in try await writer.finish(nil) }
        return (Response(status: HTTPResponse.Status(code: cgi.status), headers: headers, body: noBody), 0)
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
