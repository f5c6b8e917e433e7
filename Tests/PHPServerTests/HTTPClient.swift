import Foundation
import Glibc  // Linux only, like the PHP guest build these tests need.

/// One parsed HTTP/1.1 response.
struct HTTPResponse {
    var status: Int
    /// Header fields in the order received; names as sent.
    var headers: [(name: String, value: String)]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first field named `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every field named `name` (case-insensitive), e.g. all `Set-Cookie` lines.
    func headers(named name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}

struct HTTPClientError: Error, CustomStringConvertible {
    var description: String
}

/// A deliberately tiny HTTP/1.1 client over a blocking socket.
///
/// Why not URLSession: these tests check what the server sends, byte for byte: status codes of redirects, every
/// `Set-Cookie` line, bodies of 302s. URLSession follows redirects and merges cookies on its own (and differently
/// per platform); here each request is exactly one exchange, with `Connection: close` so the body ends at EOF.
struct HTTPClient {
    var port: Int
    var host = "127.0.0.1"
    /// Long enough for a debug build of the interpreter running PHP.
    var timeoutSeconds = 600

    func send(method: String, path: String, headers: [(String, String)] = [], body: Data = Data()) throws -> HTTPResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        var request = Data(head.utf8)
        request.append(body)

        let socket = try connect()
        defer { close(socket) }
        try request.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = Glibc.send(socket, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { throw HTTPClientError(description: "send failed: errno \(errno)") }
                offset += sent
            }
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw HTTPClientError(description: "no complete answer to \(method) \(path) within \(timeoutSeconds) s (errno \(errno))")
            }
            received.append(buffer, count: count)
        }
        return try Self.parse(received, method: method, path: path)
    }

    func get(_ path: String, headers: [(String, String)] = []) throws -> HTTPResponse {
        try send(method: "GET", path: path, headers: headers)
    }

    /// Opens a TCP connection, or throws if nothing listens.
    func connect() throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HTTPClientError(description: "socket() failed: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(socket)
            throw HTTPClientError(description: "connect to \(host):\(port) failed: errno \(code)")
        }
        return socket
    }

    /// Splits status line, header fields and body. The server always sends `Content-Length` (Docs/PHPServer.md),
    /// which is checked against what arrived before the connection closed.
    static func parse(_ data: Data, method: String, path: String) throws -> HTTPResponse {
        let separator = Data("\r\n\r\n".utf8)
        guard let end = data.range(of: separator) else {
            throw HTTPClientError(description: "\(method) \(path): incomplete response (\(data.count) bytes)")
        }
        let head = String(decoding: data[data.startIndex..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw HTTPClientError(description: "\(method) \(path): bad status line \(statusLine)")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = HTTPResponse(status: status, headers: headers, body: Data(data[end.upperBound...]))
        if method != "HEAD", response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            response.body = try dechunk(response.body, method: method, path: path)
        }
        let body = response.body
        if method != "HEAD", let length = response.header("Content-Length").flatMap(Int.init), length != body.count {
            throw HTTPClientError(description: "\(method) \(path): Content-Length \(length) but \(body.count) bytes")
        }
        return response
    }

    /// Decodes a `Transfer-Encoding: chunked` body (hex size line, data, CRLF; a zero size ends it). A body that
    /// stops before the last chunk is an error: the test must not mistake a truncated answer for a complete one.
    static func dechunk(_ raw: Data, method: String, path: String) throws -> Data {
        let bytes = [UInt8](raw)
        var decoded = Data()
        var index = 0
        while true {
            guard let lineEnd = (index..<max(index, bytes.count - 1)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                  let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self)
                                    .split(separator: ";")[0].trimmingCharacters(in: .whitespaces), radix: 16)
            else { throw HTTPClientError(description: "\(method) \(path): malformed chunked body") }
            index = lineEnd + 2
            if size == 0 { return decoded }
            guard index + size + 2 <= bytes.count else {
                throw HTTPClientError(description: "\(method) \(path): chunked body ends early")
            }
            decoded.append(contentsOf: bytes[index..<index + size])
            index += size + 2
        }
    }
}
