/// WebAssembly's numeric conversion operators between integers and floats, on raw bit patterns
/// (`i32`/`f32` as `UInt32`, `i64`/`f64` as `UInt64`).
///
/// Truncations come in two families:
/// - trapping (`i32.trunc_f32_s`, …): NaN throws ``ConversionTrap/invalid``, a value whose truncation does not
///   fit throws ``ConversionTrap/overflow``;
/// - saturating (`i32.trunc_sat_f32_s`, …): NaN gives 0, out-of-range values clamp to the type's bounds.
///
/// Range checks compare against *exclusive* bounds that are exactly representable in the source float type:
/// the largest float that still truncates into range is the one just above the exclusive lower bound. For a
/// signed target and `f32` source that bound is the float just below `-2^(n-1)` (the spacing there is far
/// larger than 1), for `f64 → i32` it is `-2^31 - 1` (exact in a double), and for unsigned targets it is `-1`
/// (anything in `(-1, 0]` truncates to 0). Once a value passed the check, Swift's own `Int32(x)` (truncate
/// toward zero) is exact and its internal precondition can never fire.
///
/// Integer-to-float conversions use Swift's initializers, which lower to LLVM `sitofp`/`uitofp`: one correctly
/// rounded (ties-to-even) conversion. For `u64 → f32` on x86-64 (no unsigned convert instruction) LLVM halves
/// the value while keeping a sticky bit before converting, so there is no double rounding; the tests check the
/// spec's `0x8000008000000001 → 0x1.000002p+63` case.
enum WasmConversion {
    // MARK: Trapping truncation
    //
    // Each function is written out for its concrete types on purpose: a generic `I(x)` over
    // `BinaryFloatingPoint` compiles to the slow software conversion `_convert(from:)` even after
    // specialisation, whereas the concrete initialisers are a single `cvttss2si`/`cvttsd2si`.

    /// The trap for an operand that failed a range check: NaN fails every comparison and is "invalid",
    /// anything else (including ±inf) "overflows". Only reached on the trapping path.
    @inline(__always) static func trap(for x: Float) -> ConversionTrap { x.isNaN ? .invalid : .overflow }
    @inline(__always) static func trap(for x: Double) -> ConversionTrap { x.isNaN ? .invalid : .overflow }

    @inline(__always) static func i32TruncF32S(_ a: UInt32) throws(ConversionTrap) -> UInt32 {
        let x = Float(bitPattern: a)
        guard x > -0x1.000002p31 && x < 0x1p31 else { throw trap(for: x) }
        return UInt32(bitPattern: Int32(x))
    }
    @inline(__always) static func i32TruncF32U(_ a: UInt32) throws(ConversionTrap) -> UInt32 {
        let x = Float(bitPattern: a)
        guard x > -1 && x < 0x1p32 else { throw trap(for: x) }
        return UInt32(x)
    }
    @inline(__always) static func i32TruncF64S(_ a: UInt64) throws(ConversionTrap) -> UInt32 {
        let x = Double(bitPattern: a)
        guard x > -2147483649 && x < 0x1p31 else { throw trap(for: x) }
        return UInt32(bitPattern: Int32(x))
    }
    @inline(__always) static func i32TruncF64U(_ a: UInt64) throws(ConversionTrap) -> UInt32 {
        let x = Double(bitPattern: a)
        guard x > -1 && x < 0x1p32 else { throw trap(for: x) }
        return UInt32(x)
    }
    @inline(__always) static func i64TruncF32S(_ a: UInt32) throws(ConversionTrap) -> UInt64 {
        let x = Float(bitPattern: a)
        guard x > -0x1.000002p63 && x < 0x1p63 else { throw trap(for: x) }
        return UInt64(bitPattern: Int64(x))
    }
    @inline(__always) static func i64TruncF32U(_ a: UInt32) throws(ConversionTrap) -> UInt64 {
        let x = Float(bitPattern: a)
        guard x > -1 && x < 0x1p64 else { throw trap(for: x) }
        return UInt64(x)
    }
    @inline(__always) static func i64TruncF64S(_ a: UInt64) throws(ConversionTrap) -> UInt64 {
        let x = Double(bitPattern: a)
        guard x > -0x1.0000000000001p63 && x < 0x1p63 else { throw trap(for: x) }
        return UInt64(bitPattern: Int64(x))
    }
    @inline(__always) static func i64TruncF64U(_ a: UInt64) throws(ConversionTrap) -> UInt64 {
        let x = Double(bitPattern: a)
        guard x > -1 && x < 0x1p64 else { throw trap(for: x) }
        return UInt64(x)
    }

    // MARK: Saturating truncation

    @inline(__always) static func i32TruncSatF32S(_ a: UInt32) -> UInt32 {
        let x = Float(bitPattern: a)
        if x > -0x1.000002p31 && x < 0x1p31 { return UInt32(bitPattern: Int32(x)) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt32(bitPattern: Int32.min) : UInt32(bitPattern: Int32.max)
    }
    @inline(__always) static func i32TruncSatF32U(_ a: UInt32) -> UInt32 {
        let x = Float(bitPattern: a)
        if x > -1 && x < 0x1p32 { return UInt32(x) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt32.min : UInt32.max
    }
    @inline(__always) static func i32TruncSatF64S(_ a: UInt64) -> UInt32 {
        let x = Double(bitPattern: a)
        if x > -2147483649 && x < 0x1p31 { return UInt32(bitPattern: Int32(x)) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt32(bitPattern: Int32.min) : UInt32(bitPattern: Int32.max)
    }
    @inline(__always) static func i32TruncSatF64U(_ a: UInt64) -> UInt32 {
        let x = Double(bitPattern: a)
        if x > -1 && x < 0x1p32 { return UInt32(x) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt32.min : UInt32.max
    }
    @inline(__always) static func i64TruncSatF32S(_ a: UInt32) -> UInt64 {
        let x = Float(bitPattern: a)
        if x > -0x1.000002p63 && x < 0x1p63 { return UInt64(bitPattern: Int64(x)) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt64(bitPattern: Int64.min) : UInt64(bitPattern: Int64.max)
    }
    @inline(__always) static func i64TruncSatF32U(_ a: UInt32) -> UInt64 {
        let x = Float(bitPattern: a)
        if x > -1 && x < 0x1p64 { return UInt64(x) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt64.min : UInt64.max
    }
    @inline(__always) static func i64TruncSatF64S(_ a: UInt64) -> UInt64 {
        let x = Double(bitPattern: a)
        if x > -0x1.0000000000001p63 && x < 0x1p63 { return UInt64(bitPattern: Int64(x)) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt64(bitPattern: Int64.min) : UInt64(bitPattern: Int64.max)
    }
    @inline(__always) static func i64TruncSatF64U(_ a: UInt64) -> UInt64 {
        let x = Double(bitPattern: a)
        if x > -1 && x < 0x1p64 { return UInt64(x) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt64.min : UInt64.max
    }

    // MARK: Integer to float

    @inline(__always) static func f32ConvertI32S(_ a: UInt32) -> UInt32 { Float(Int32(bitPattern: a)).bitPattern }
    @inline(__always) static func f32ConvertI32U(_ a: UInt32) -> UInt32 { Float(a).bitPattern }
    @inline(__always) static func f32ConvertI64S(_ a: UInt64) -> UInt32 { Float(Int64(bitPattern: a)).bitPattern }
    @inline(__always) static func f32ConvertI64U(_ a: UInt64) -> UInt32 { Float(a).bitPattern }
    @inline(__always) static func f64ConvertI32S(_ a: UInt32) -> UInt64 { Double(Int32(bitPattern: a)).bitPattern }
    @inline(__always) static func f64ConvertI32U(_ a: UInt32) -> UInt64 { Double(a).bitPattern }
    @inline(__always) static func f64ConvertI64S(_ a: UInt64) -> UInt64 { Double(Int64(bitPattern: a)).bitPattern }
    @inline(__always) static func f64ConvertI64U(_ a: UInt64) -> UInt64 { Double(a).bitPattern }

    // MARK: Float to float

    /// `f32.demote_f64`: one ties-to-even rounding (overflow gives ±inf). A NaN keeps its sign and the top 23
    /// bits of its payload and is quieted, as x86's `cvtsd2ss` does; done by hand so the result does not depend
    /// on the host. A canonical NaN therefore stays canonical, as the spec requires.
    @inline(__always) static func f32DemoteF64(_ a: UInt64) -> UInt32 {
        let x = Double(bitPattern: a)
        if x.isNaN {
            let sign = UInt32(truncatingIfNeeded: a >> 32) & WasmFloat.f32SignBit
            let payload = UInt32(truncatingIfNeeded: a >> 29) & 0x007F_FFFF
            return sign | 0x7F80_0000 | payload | WasmFloat.f32QuietBit
        }
        return Float(x).bitPattern
    }

    /// `f64.promote_f32`: exact for numbers; a NaN keeps its sign and payload (shifted to the top of the wider
    /// payload) and is quieted.
    @inline(__always) static func f64PromoteF32(_ a: UInt32) -> UInt64 {
        let x = Float(bitPattern: a)
        if x.isNaN {
            let sign = UInt64(a & WasmFloat.f32SignBit) << 32
            let payload = UInt64(a & 0x007F_FFFF) << 29
            return sign | 0x7FF0_0000_0000_0000 | payload | WasmFloat.f64QuietBit
        }
        return Double(x).bitPattern
    }
}
