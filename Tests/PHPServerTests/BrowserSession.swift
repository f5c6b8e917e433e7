import Foundation

/// What a browser keeps between requests to one site: its cookies. Enough of a browser for PHP applications that
/// keep a session (Adminer's login, the guestbook's CSRF token), and nothing more: no redirects are followed
/// behind the test's back, so a test asserts each 302/303 and then calls ``follow(_:from:)``.
final class BrowserSession {
    let client: HTTPClient
    /// Cookie name to value, in the order first set.
    private(set) var cookies: [(name: String, value: String)] = []

    init(port: Int) {
        client = HTTPClient(port: port)
    }

    func get(_ path: String) throws -> HTTPResponse {
        try exchange(method: "GET", path: path, headers: [], body: Data())
    }

    /// POSTs `fields` as `application/x-www-form-urlencoded`, in the given order.
    func post(_ path: String, form fields: [(String, String)]) throws -> HTTPResponse {
        let body = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        return try exchange(method: "POST", path: path,
                            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(body.utf8))
    }

    /// GETs the target of a redirect `response` that answered a request for `path`.
    func follow(_ response: HTTPResponse, from path: String) throws -> HTTPResponse {
        guard let location = response.header("Location") else {
            throw HTTPClientError(description: "\(response.status) answer to \(path) has no Location")
        }
        return try get(Self.resolve(location, against: path, port: client.port))
    }

    /// The request path a `Location` value names: absolute URLs to this server, absolute paths, and the
    /// query-only form Adminer uses (`?sqlite=&db=...`, relative to the requested path).
    static func resolve(_ location: String, against path: String, port: Int) -> String {
        if location.hasPrefix("/") { return location }
        if location.hasPrefix("?") {
            let base = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
            return base + location
        }
        if let url = URL(string: location), let host = url.host, host == "127.0.0.1", url.port == port {
            return url.path.isEmpty ? "/" : url.path + (url.query.map { "?" + $0 } ?? "")
        }
        return location
    }

    private func exchange(method: String, path: String, headers: [(String, String)], body: Data) throws -> HTTPResponse {
        var headers = headers
        if !cookies.isEmpty {
            headers.append(("Cookie", cookies.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")))
        }
        let response = try client.send(method: method, path: path, headers: headers, body: body)
        for line in response.headers(named: "Set-Cookie") { remember(line) }
        return response
    }

    /// Keeps `name=value` of a `Set-Cookie` line; a cookie set to `deleted` or expired in the past is dropped
    /// (what PHP sends to delete one).
    private func remember(_ line: String) {
        let pair = line.split(separator: ";", maxSplits: 1)[0]
        guard let equals = pair.firstIndex(of: "=") else { return }
        let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
        let value = String(pair[pair.index(after: equals)...])
        cookies.removeAll { $0.name == name }
        let expired = value == "deleted" || line.lowercased().contains("max-age=0")
        if !expired { cookies.append((name, value)) }
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
