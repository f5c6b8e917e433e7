import WasmVM

/// Parses a command-line argument as a Wasm value of a given type, for `wasmvm invoke`.
///
/// Integers may be signed or unsigned decimal, or hexadecimal with `0x` (`-1` and `4294967295` are the same
/// `i32`); floats use Swift's syntax, including `nan`, `inf` and `-inf`; a `v128` is `0x` and up to 32 hex
/// digits; references are `null` (or a number for an `externref`).
enum CommandLineValue {
    static func parse(_ text: String, as type: ValueType) -> Value? {
        switch type {
        case .i32: integer(text, bits: 32).map { .i32(UInt32(truncatingIfNeeded: $0)) }
        case .i64: integer(text, bits: 64).map { .i64($0) }
        case .f32: Float(text).map { .float($0) }
        case .f64: Double(text).map { .double($0) }
        case .v128: vector(text)
        case .ref(.funcRef): text == "null" ? .funcRef(nil) : nil
        case .ref(.externRef): text == "null" ? .externRef(nil) : UInt64(text).map { .externRef($0) }
        }
    }

    private static func integer(_ text: String, bits: Int) -> UInt64? {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let magnitude: UInt64?
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            magnitude = UInt64(digits.dropFirst(2), radix: 16)
        } else {
            magnitude = UInt64(digits)
        }
        guard let magnitude else { return nil }
        let unsignedLimit: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if negative {
            guard magnitude <= (1 << UInt64(bits - 1)) else { return nil }
            return (0 &- magnitude) & unsignedLimit
        }
        return magnitude <= unsignedLimit ? magnitude : nil
    }

    private static func vector(_ text: String) -> Value? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = text.dropFirst(2)
        guard !digits.isEmpty, digits.count <= 32 else { return nil }
        let padded = String(repeating: "0", count: 32 - digits.count) + digits
        guard let high = UInt64(padded.prefix(16), radix: 16), let low = UInt64(padded.suffix(16), radix: 16) else {
            return nil
        }
        return .v128(V128(low: low, high: high))
    }
}
