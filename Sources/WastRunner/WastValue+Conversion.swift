import WasmVM

/// Why one command did not pass; its message becomes the failure's text.
struct CommandFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

extension WastValue {
    /// The value as an argument to pass to a function.
    func argument() throws(CommandFailure) -> Value {
        switch type {
        case "i32": return .i32(UInt32(truncatingIfNeeded: try integer(bits: 32)))
        case "i64": return .i64(try integer(bits: 64))
        case "f32": return .f32(UInt32(truncatingIfNeeded: try integer(bits: 32)))
        case "f64": return .f64(try integer(bits: 64))
        case "v128": return .v128(try vector())
        case "funcref":
            // Scripts can only pass null function references: a non-null one has no textual form.
            guard value == "null" else { throw CommandFailure("unsupported funcref argument \(self)") }
            return .funcRef(nil)
        case "externref":
            if value == "null" { return .externRef(nil) }
            return .externRef(try integer(bits: 64))
        default:
            throw CommandFailure("unsupported argument type \(self)")
        }
    }

    /// Parses `value` as an integer of `bits` bits: wast2json prints unsigned decimals (floats as their bit
    /// patterns), but a signed spelling is accepted too.
    func integer(bits: Int) throws(CommandFailure) -> UInt64 {
        guard let value else { throw CommandFailure("missing value in \(self)") }
        guard let parsed = Self.parseInteger(value, bits: bits) else {
            throw CommandFailure("cannot parse \(value) as a \(bits)-bit value in \(self)")
        }
        return parsed
    }

    static func parseInteger(_ text: String, bits: Int) -> UInt64? {
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if let unsigned = UInt64(text) { return unsigned <= mask ? unsigned : nil }
        if let signed = Int64(text) {
            let minimum = bits == 64 ? Int64.min : -(Int64(1) << Int64(bits - 1))
            return signed >= minimum ? UInt64(bitPattern: signed) & mask : nil
        }
        return nil
    }

    /// Builds a concrete `v128` from `lanes` (NaN patterns are not allowed here).
    func vector() throws(CommandFailure) -> V128 {
        guard let lanes, let shape = LaneShape(laneType) else { throw CommandFailure("malformed v128 value \(self)") }
        guard lanes.count == shape.count else {
            throw CommandFailure("v128 of \(laneType ?? "?") needs \(shape.count) lanes, got \(lanes.count)")
        }
        var lo: UInt64 = 0, hi: UInt64 = 0
        for (index, text) in lanes.enumerated() {
            guard let lane = Self.parseInteger(text, bits: shape.bits) else {
                throw CommandFailure("cannot parse lane \(index) value \(text) in \(self)")
            }
            let shift = index * shape.bits
            if shift < 64 { lo |= lane << UInt64(shift) } else { hi |= lane << UInt64(shift - 64) }
        }
        return V128(low: lo, high: hi)
    }
}

/// The lane layout of a v128 expectation.
struct LaneShape {
    var bits: Int
    var isFloat: Bool
    var count: Int { 128 / bits }

    init?(_ laneType: String?) {
        switch laneType {
        case "i8": (bits, isFloat) = (8, false)
        case "i16": (bits, isFloat) = (16, false)
        case "i32": (bits, isFloat) = (32, false)
        case "i64": (bits, isFloat) = (64, false)
        case "f32": (bits, isFloat) = (32, true)
        case "f64": (bits, isFloat) = (64, true)
        default: return nil
        }
    }

    /// Lane `index` of `vector`, zero-extended.
    func lane(_ index: Int, of vector: V128) -> UInt64 {
        let shift = index * bits
        let word = shift < 64 ? vector.low >> UInt64(shift) : vector.high >> UInt64(shift - 64)
        return bits == 64 ? word : word & ((1 << UInt64(bits)) - 1)
    }
}
