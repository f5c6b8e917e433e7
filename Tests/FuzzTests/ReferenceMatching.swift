import WasmVM

/// How WasmVM's values and traps are judged against the reference engine's.
enum ReferenceMatching {
    /// The host value for an argument the reference engine was called with.
    static func argument(_ encoded: EncodedValue) -> Value? {
        switch encoded.type {
        case "i32": encoded.bits.flatMap(UInt32.init).map(Value.i32)
        case "i64": encoded.bits.flatMap(UInt64.init).map(Value.i64)
        case "f32": encoded.bits.flatMap(UInt32.init).map(Value.f32)
        case "f64": encoded.bits.flatMap(UInt64.init).map(Value.f64)
        case "funcref": .funcRef(nil)
        case "externref": .externRef(nil)
        default: nil
        }
    }

    /// Equal results: same type and bits, except that any NaN matches any NaN (payloads are nondeterministic
    /// in the spec) and references only compare null-ness (their identities are engine-private).
    static func matches(_ value: Value, _ expected: EncodedValue) -> Bool {
        switch (value, expected.type) {
        case (.i32(let v), "i32"): return expected.bits == String(v)
        case (.i64(let v), "i64"): return expected.bits == String(v)
        case (.f32(let v), "f32"):
            if expected.nan == true { return Float(bitPattern: v).isNaN }
            return expected.bits == String(v)
        case (.f64(let v), "f64"):
            if expected.nan == true { return Double(bitPattern: v).isNaN }
            return expected.bits == String(v)
        case (.funcRef(let r), "funcref"): return expected.null == (r == nil)
        case (.externRef(let r), "externref"): return expected.null == (r == nil)
        default: return false
        }
    }

    static func matches(_ values: [Value], _ expected: [EncodedValue]) -> Bool {
        values.count == expected.count && zip(values, expected).allSatisfy { matches($0, $1) }
    }

    /// Whether our trap is the one wasmtime reported. wasmtime's trap codes are coarser than the spec's
    /// messages in two places: a `call_indirect` past the table's end is TABLE_OUT_OF_BOUNDS (the spec's
    /// "undefined element"), and to a null entry INDIRECT_CALL_TO_NULL ("uninitialized element").
    static func matches(_ reason: Trap.Reason, _ expected: String) -> Bool {
        switch (reason, expected) {
        case (.unreachable, "unreachable"),
             (.integerDivideByZero, "integerDivideByZero"),
             (.integerOverflow, "integerOverflow"),
             (.invalidConversionToInteger, "invalidConversionToInteger"),
             (.outOfBoundsMemoryAccess, "outOfBoundsMemoryAccess"),
             (.outOfBoundsTableAccess, "outOfBoundsTableAccess"),
             (.undefinedElement, "outOfBoundsTableAccess"),
             (.uninitializedElement, "indirectCallToNull"),
             (.nullReference, "indirectCallToNull"),
             (.indirectCallTypeMismatch, "indirectCallTypeMismatch"),
             (.nullReference, "nullReference"),
             (.callStackExhausted, "stackOverflow"):
            return true
        default:
            return false
        }
    }

    /// Traps whose point depends on engine-specific budgets, not on the program: fuel is counted differently
    /// by the two engines, and their stacks have different depths. A call where either side hit one of these
    /// cannot be compared, and the instance's state afterwards cannot either.
    static func isBudgetTrap(_ reason: Trap.Reason) -> Bool {
        switch reason {
        case .outOfFuel, .callStackExhausted: true
        default: false
        }
    }

    static func isBudgetTrap(_ expected: String) -> Bool {
        expected == "outOfFuel" || expected == "stackOverflow"
    }
}
