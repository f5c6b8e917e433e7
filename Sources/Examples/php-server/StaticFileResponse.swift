import Foundation
import HTTPTypes
import Hummingbird

/// Serves one file below a document root (the router has already checked that it is inside).
enum StaticFileResponse {
    /// Returns the response and the number of body bytes (for the access log; 0 for HEAD).
    static func make(hostPath: String, method: HTTPRequest.Method) -> (Response, Int) {
        guard method == .get || method == .head else {
            var response = ErrorResponse.make(405)
            response.headers[.allow] = "GET, HEAD"
            return (response, 0)
        }
        guard let bytes = HostPath.readFile(hostPath) else { return (ErrorResponse.make(403), 0) }
        var headers = HTTPFields()
        headers[.contentType] = MIMETypes.contentType(forPath: hostPath)
        headers[.contentLength] = String(bytes.count)
        // Browsers must not reinterpret e.g. an uploaded .txt as HTML.
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        if let attributes = HostPath.attributes(of: hostPath) {
            headers[.lastModified] = httpDate(secondsSince1970: attributes.modified)
        }
        if method == .head { return (Response(status: .ok, headers: headers, body: ResponseBody()), 0) }
        let body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        return (Response(status: .ok, headers: headers, body: body), bytes.count)
    }

    private static func httpDate(secondsSince1970: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(secondsSince1970)))
    }
}

/// Plain-text responses the server produces itself (no guest involved).
enum ErrorResponse {
    static func make(_ status: Int) -> Response {
        let httpStatus = HTTPResponse.Status(code: status)
        // `Status(code:)` leaves the reason phrase empty; name the ones the server produces itself.
        let reasons = [301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
                       405: "Method Not Allowed", 413: "Content Too Large", 500: "Internal Server Error",
                       503: "Service Unavailable"]
        let reason = httpStatus.reasonPhrase.isEmpty ? reasons[status] ?? "" : httpStatus.reasonPhrase
        let text = "\(status) \(reason)\n"
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: httpStatus, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
