import CGIBridge

/// Reads a CGI program's stdout as a response: header fields up to a blank line (CRLF or LF), `Status` setting
/// the status, `Location` without `Status` a 302, the rest the body.
///
/// CGIBridge's own parser is internal to the bridge; this is the simple version a baseline needs. (It does not
/// follow local redirects, which the benchmark's scripts never send.)
enum CGIResponseReader {
    static func response(from output: [UInt8]) -> CGIResponse? {
        var headers: [(name: String, value: String)] = []
        var status: Int?
        var position = 0
        while true {
            guard let newline = output[position...].firstIndex(of: 0x0A) else { return nil }
            var line = output[position..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            position = newline + 1
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { return nil }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingBlanks()
            if name.lowercased() == "status" {
                guard let code = Int(value.prefix(3)), code >= 100 else { return nil }
                status = status ?? code
            } else {
                headers.append((name, value))
            }
        }
        guard status != nil || !headers.isEmpty else { return nil }
        if status == nil && headers.contains(where: { $0.name.lowercased() == "location" }) { status = 302 }
        return CGIResponse(status: status ?? 200, headers: headers, body: Array(output[position...]))
    }
}

private extension String {
    func trimmingBlanks() -> String {
        var slice = self[...]
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
