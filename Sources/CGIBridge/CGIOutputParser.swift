/// A guest's stdout read as a CGI response (RFC 3875 section 6): header fields up to a blank line, then the body.
public struct CGIOutput {
    /// From `Status`, else 302 for a `Location`, else 200.
    public var status: Int
    /// The header fields without `Status`, in order.
    public var headers: [(name: String, value: String)]
    public var body: ArraySlice<UInt8>
    /// The path of a local redirect (`Location: /path` without `Status`), which the server follows itself.
    public var localRedirect: String?
}

/// Why a guest's stdout is not a CGI response.
public struct CGIOutputError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Reads a CGI program's stdout as a response.
///
/// Public because hosts that run *native* CGI programs (such as the benchmarks' native php-cgi baseline) must
/// read their output by the same rules as a guest's, or the two would answer the same script differently.
public enum CGIOutputParser {
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    /// Splits and interprets the header block. Lines may end in LF or CRLF (php-cgi writes CRLF, hand-written
    /// guests often LF); a line starting with a space or tab continues the previous field (obsolete folding).
    public static func parse(_ output: [UInt8]) throws(CGIOutputError) -> CGIOutput {
        var headers: [(name: String, value: String)] = []
        var position = output.startIndex
        while true {
            guard let end = output[position...].firstIndex(of: newline) else {
                throw CGIOutputError(output.isEmpty ? "the script wrote nothing"
                                     : "no blank line ends the header block (is the header missing?)")
            }
            var line = output[position..<end]
            if line.last == carriageReturn { line = line.dropLast() }
            position = end + 1
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09 {
                guard !headers.isEmpty else { throw CGIOutputError("the header block starts with a continuation line") }
                headers[headers.count - 1].value += " " + trimmed(line)
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A) else {
                throw CGIOutputError("header line without ':': \(excerpt(line))")
            }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
                throw CGIOutputError("invalid header field name: \(excerpt(name))")
            }
            headers.append((name: String(decoding: name, as: UTF8.self), value: trimmed(line[(colon + 1)...])))
        }
        guard !headers.isEmpty else { throw CGIOutputError("the header block is empty") }
        return try interpret(headers, body: output[position...])
    }

    /// Applies the CGI-only fields: `Status` sets the status, `Location` without `Status` is a redirect (302 to
    /// a client, or local when it is a path, which per RFC 3875 6.2.2 the server follows itself).
    static func interpret(_ fields: [(name: String, value: String)], body: ArraySlice<UInt8>) throws(CGIOutputError) -> CGIOutput {
        var status: Int?
        var headers: [(name: String, value: String)] = []
        var location: String?
        for field in fields {
            switch field.name.lowercased() {
            case "status":
                guard status == nil else { continue }
                status = try parseStatus(field.value)
            case "location":
                location = location ?? field.value
                headers.append(field)
            default:
                headers.append(field)
            }
        }
        if status == nil, let location {
            if location.hasPrefix("/") && !location.hasPrefix("//") {
                return CGIOutput(status: 302, headers: headers, body: body, localRedirect: location)
            }
            status = 302
        }
        return CGIOutput(status: status ?? 200, headers: headers, body: body, localRedirect: nil)
    }

    /// "404 Not Found" or "404": a three-digit code, then nothing or a space and a reason phrase.
    static func parseStatus(_ value: String) throws(CGIOutputError) -> Int {
        let bytes = Array(value.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              bytes.count == 3 || bytes[3] == 0x20 || bytes[3] == 0x09,
              let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), code >= 100
        else { throw CGIOutputError("invalid Status: \(value)") }
        return code
    }

    /// RFC 9110 token characters.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    static func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(80), as: UTF8.self)
        return bytes.count > 80 ? "\"\(text)…\"" : "\"\(text)\""
    }
}
