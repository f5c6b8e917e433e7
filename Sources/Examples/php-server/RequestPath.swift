/// A request path made safe to map onto the file system: percent-decoded, split into segments, with `.` and
/// empty segments dropped, and refused outright when it could escape or confuse the mapping (`..`, encoded
/// slashes or NUL bytes, invalid UTF-8, hidden `.name` segments such as `.htaccess` or `.git`).
struct RequestPath: Equatable {
    enum Rejection: Error { case malformed, forbidden }

    /// The decoded path as the client asked for it (used for prefix matching and redirects).
    let decoded: String
    let segments: [String]
    /// Whether the path ended with `/` (a directory was asked for).
    let hasTrailingSlash: Bool

    init(rawPath: String) throws(Rejection) {
        guard rawPath.hasPrefix("/") else { throw .malformed }
        var segments: [String] = []
        for rawSegment in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = Self.percentDecoded(rawSegment) else { throw .malformed }
            if segment == "." { continue }
            if segment == ".." { throw .forbidden }
            if segment.hasPrefix(".") { throw .forbidden }
            if segment.contains("/") || segment.contains("\0") || segment.contains("\\") { throw .malformed }
            segments.append(segment)
        }
        self.segments = segments
        self.hasTrailingSlash = rawPath.hasSuffix("/")
        self.decoded = "/" + segments.joined(separator: "/") + (hasTrailingSlash && !segments.isEmpty ? "/" : "")
    }

    /// The segments below a location prefix, or `nil` when the path is not under it.
    func segments(below prefixSegments: [String]) -> ArraySlice<String>? {
        guard segments.count >= prefixSegments.count,
              segments[0..<prefixSegments.count].elementsEqual(prefixSegments) else { return nil }
        return segments[prefixSegments.count...]
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = utf8.next().flatMap(hexValue), let low = utf8.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
