import CGIBridge
import Foundation
import HTTPTypes
import Hummingbird

/// Routes a request, then serves a static file or runs the script through a fresh php-cgi on a worker thread,
/// answering the way php-server does (the server frames the body; a script's own Content-Length and hop-by-hop
/// fields are dropped).
struct NativeCGIResponder: HTTPResponder {
    typealias Context = NativeRequestContext

    let router: NativeDocumentRouter
    let runner: NativeCGIRunner
    let workers: BlockingWorkerPool
    let serverHost: String
    let serverPort: Int

    func respond(to request: Request, context: NativeRequestContext) async throws -> Response {
        let target = request.head.path ?? "/"
        let rawPath = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
        switch router.route(rawPath) {
        case .status(let status):
            return plain(status)
        case .redirect(let location):
            var response = plain(301)
            response.headers[.location] = location
            return response
        case .staticFile(let hostPath):
            guard let data = FileManager.default.contents(atPath: hostPath) else { return plain(403) }
            var headers = HTTPFields()
            headers[.contentType] = hostPath.hasSuffix(".css") ? "text/css" : "application/octet-stream"
            headers[.contentLength] = String(data.count)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        case .script(let hostPath, let scriptName, let pathInfo):
            var headerList: [(name: String, value: String)] = []
            if let authority = request.head.authority { headerList.append(("Host", authority)) }
            for field in request.headers { headerList.append((field.name.rawName, field.value)) }
            var cgiRequest = CGIRequest(
                method: request.method.rawValue, uri: target, headers: headerList,
                remoteAddress: context.remoteAddress, remotePort: context.remotePort,
                serverName: serverHost, serverPort: serverPort, serverProtocol: "HTTP/1.1",
                documentRoot: router.documentRoot, scriptFilename: hostPath, scriptName: scriptName,
                pathInfo: pathInfo)
            let buffer = try await request.body.collect(upTo: 16 << 20)
            cgiRequest.body = Array(buffer.readableBytesView)
            let guestRequest = cgiRequest
            let runner = runner
            let cgi = await workers.run { runner.handle(guestRequest) }
            return httpResponse(cgi, isHead: request.method == .head)
        }
    }

    private func httpResponse(_ cgi: CGIResponse, isHead: Bool) -> Response {
        var headers = HTTPFields()
        for header in cgi.headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            if name == .contentLength || name == .transferEncoding || name == .connection { continue }
            headers.append(HTTPField(name: name, value: header.value))
        }
        // PHP writes no body for HEAD, so the GET body's length is unknown: state none rather than a wrong 0.
        if !isHead || !cgi.body.isEmpty { headers[.contentLength] = String(cgi.body.count) }
        let body = isHead ? ResponseBody(contentLength: nil) { writer in try await writer.finish(nil) }
                          : ResponseBody(byteBuffer: ByteBuffer(bytes: cgi.body))
        return Response(status: HTTPResponse.Status(code: cgi.status), headers: headers, body: body)
    }

    private func plain(_ status: Int) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: "\(status)\n")))
    }
}
