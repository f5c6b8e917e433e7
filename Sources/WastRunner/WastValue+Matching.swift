import WasmVM

extension WastValue {
    /// Whether `actual` satisfies this expectation. Throws when the expectation itself cannot be understood, so a
    /// script the runner cannot read is reported as a failure, never as a silent pass.
    func matches(_ actual: Value) throws(CommandFailure) -> Bool {
        switch (type, actual) {
        case ("either", _):
            guard let alternatives, !alternatives.isEmpty else { throw CommandFailure("empty either expectation") }
            for alternative in alternatives where try alternative.matches(actual) { return true }
            return false
        case ("i32", .i32(let bits)):
            return UInt64(bits) == (try integer(bits: 32))
        case ("i64", .i64(let bits)):
            return bits == (try integer(bits: 64))
        case ("f32", .f32(let bits)):
            return try Self.floatLane(UInt64(bits), bits: 32, matches: value)
        case ("f64", .f64(let bits)):
            return try Self.floatLane(bits, bits: 64, matches: value)
        case ("v128", .v128(let vector)):
            return try vectorMatches(vector)
        case ("funcref", .funcRef(let reference)):
            switch value {
            case "null": return reference == nil
            case nil: return reference != nil  // `(ref.func)`: any non-null function reference
            default: throw CommandFailure("unsupported funcref expectation \(self)")
            }
        case ("externref", .externRef(let reference)):
            switch value {
            case "null": return reference == nil
            case nil: return reference != nil  // `(ref.extern)`: any non-null host reference
            default: return reference == (try integer(bits: 64))
            }
        case ("i32", _), ("i64", _), ("f32", _), ("f64", _), ("v128", _), ("funcref", _), ("externref", _):
            return false  // a result of another type
        default:
            throw CommandFailure("unsupported expected value \(self)")
        }
    }

    private func vectorMatches(_ vector: V128) throws(CommandFailure) -> Bool {
        guard let lanes, let shape = LaneShape(laneType) else { throw CommandFailure("malformed v128 expectation \(self)") }
        guard lanes.count == shape.count else {
            throw CommandFailure("v128 of \(laneType ?? "?") needs \(shape.count) lanes, got \(lanes.count)")
        }
        for (index, expected) in lanes.enumerated() {
            let actual = shape.lane(index, of: vector)
            if shape.isFloat {
                guard try Self.floatLane(actual, bits: shape.bits, matches: expected) else { return false }
            } else {
                guard let wanted = Self.parseInteger(expected, bits: shape.bits) else {
                    throw CommandFailure("cannot parse lane \(index) value \(expected) in \(self)")
                }
                guard actual == wanted else { return false }
            }
        }
        return true
    }

    /// Compares a float's bit pattern with an expectation: an exact bit pattern, or a NaN class.
    ///
    /// `nan:canonical` is a NaN whose payload is exactly the quiet bit (either sign); `nan:arithmetic` is any NaN
    /// with the quiet bit set. Everything else is compared bit for bit, so `-0.0` differs from `+0.0` and NaN
    /// payloads must be preserved exactly.
    static func floatLane(_ actual: UInt64, bits: Int, matches expected: String?) throws(CommandFailure) -> Bool {
        let signMask: UInt64 = bits == 32 ? 0x8000_0000 : 0x8000_0000_0000_0000
        let canonical: UInt64 = bits == 32 ? 0x7fc0_0000 : 0x7ff8_0000_0000_0000
        switch expected {
        case "nan:canonical":
            return actual & ~signMask == canonical
        case "nan:arithmetic":
            return actual & canonical == canonical
        case let text?:
            guard let wanted = parseInteger(text, bits: bits) else {
                throw CommandFailure("cannot parse f\(bits) value \(text)")
            }
            return actual == wanted
        case nil:
            throw CommandFailure("missing f\(bits) value")
        }
    }
}

extension Value {
    /// A description for failure messages: the value, and for floats and vectors also the exact bits, since
    /// NaN payloads and signed zeros are what spec failures are usually about.
    var scriptDescription: String {
        switch self {
        case .f32(let bits): "f32:\(Float(bitPattern: bits)) (0x\(String(bits, radix: 16)))"
        case .f64(let bits): "f64:\(Double(bitPattern: bits)) (0x\(String(bits, radix: 16)))"
        case .v128(let v):
            "v128:bytes[" + v.bytes.map { String($0, radix: 16) }.joined(separator: " ") + "]"
        case .i32(let bits): "i32:\(bits) (0x\(String(bits, radix: 16)))"
        case .i64(let bits): "i64:\(bits) (0x\(String(bits, radix: 16)))"
        case .funcRef(nil): "funcref:null"
        case .funcRef(_?): "funcref:<non-null>"
        default: description
        }
    }
}
