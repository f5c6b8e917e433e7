/// Parses the human-friendly numbers of limit directives: sizes with K/M/G suffixes (powers of 1024) and
/// durations with ms/s/m suffixes (a bare number means seconds, as in Apache's `Timeout`).
enum LimitValueParser {
    static func size(_ text: String) -> Int? {
        let lower = text.lowercased()
        let units: [(String, Int)] = [("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30),
                                      ("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30),
                                      ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            guard let value = Int(lower.dropLast(suffix.count)), value >= 0 else { return nil }
            return value.multipliedReportingOverflow(by: factor).overflow ? nil : value * factor
        }
        return Int(lower).flatMap { $0 >= 0 ? $0 : nil }
    }

    static func duration(_ text: String) -> Duration? {
        let lower = text.lowercased()
        func number(_ suffix: String) -> Double? {
            guard lower.hasSuffix(suffix), let value = Double(lower.dropLast(suffix.count)), value > 0 else {
                return nil
            }
            return value
        }
        if let ms = number("ms") { return .milliseconds(Int64(ms)) }
        if let s = number("s") { return .milliseconds(Int64(s * 1000)) }
        if let m = number("m") { return .seconds(Int64(m * 60)) }
        if let value = Double(lower), value > 0 { return .milliseconds(Int64(value * 1000)) }
        return nil
    }
}
