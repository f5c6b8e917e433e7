/// WebAssembly's scalar floating-point operators, on raw bit patterns.
///
/// Values travel as bits (`f32` as `UInt32`, `f64` as `UInt64`) so that NaN payloads survive every move
/// exactly; only the operators below look at them as numbers.
///
/// NaN rules (spec §4.3.3, "NaN propagation"): an operator whose result is NaN must return a *canonical* NaN
/// (only the quiet bit set in the payload, either sign) when every NaN operand was canonical, and otherwise any
/// *arithmetic* NaN (quiet bit set). Quieting the NaN operand (`bits | quietBit`) satisfies both cases at once:
/// a canonical NaN stays canonical, anything else becomes arithmetic. That is what x86 SSE and ARM do in
/// hardware for `+ - * /`, so Swift's native operators are used for those; the operators that go through libm
/// or need special zero handling (`min`, `max`, rounding) quiet NaNs explicitly, because libm is not required to.
///
/// `abs`, `neg` and `copysign` are pure bit operations in WebAssembly (they never touch the payload), so they
/// are implemented on the bits rather than with Swift's `magnitude`/unary minus.
///
/// Everything here is `@inline(__always)` and allocation-free: these sit directly in the interpreter's
/// instruction handlers.
enum WasmFloat {
    // MARK: Bit masks

    @inline(__always) static var f32SignBit: UInt32 { 0x8000_0000 }
    @inline(__always) static var f32QuietBit: UInt32 { 0x0040_0000 }
    @inline(__always) static var f32CanonicalNaN: UInt32 { 0x7FC0_0000 }
    @inline(__always) static var f64SignBit: UInt64 { 0x8000_0000_0000_0000 }
    @inline(__always) static var f64QuietBit: UInt64 { 0x0008_0000_0000_0000 }
    @inline(__always) static var f64CanonicalNaN: UInt64 { 0x7FF8_0000_0000_0000 }

    // MARK: f32 arithmetic

    @inline(__always) static func f32Add(_ a: UInt32, _ b: UInt32) -> UInt32 {
        (Float(bitPattern: a) + Float(bitPattern: b)).bitPattern
    }
    @inline(__always) static func f32Sub(_ a: UInt32, _ b: UInt32) -> UInt32 {
        (Float(bitPattern: a) - Float(bitPattern: b)).bitPattern
    }
    @inline(__always) static func f32Mul(_ a: UInt32, _ b: UInt32) -> UInt32 {
        (Float(bitPattern: a) * Float(bitPattern: b)).bitPattern
    }
    @inline(__always) static func f32Div(_ a: UInt32, _ b: UInt32) -> UInt32 {
        (Float(bitPattern: a) / Float(bitPattern: b)).bitPattern
    }
    /// `squareRoot()` lowers to the `sqrtss` instruction, which quiets NaN operands and returns the canonical
    /// (negative) default NaN for negative operands. (LLVM re-calls libm `sqrtf` only when the result is NaN, to
    /// set `errno`; glibc returns the same quiet NaN, and the differential tests cover both cases.)
    @inline(__always) static func f32Sqrt(_ a: UInt32) -> UInt32 {
        Float(bitPattern: a).squareRoot().bitPattern
    }

    // MARK: f32 sign operations (bitwise, payload-preserving)

    @inline(__always) static func f32Abs(_ a: UInt32) -> UInt32 { a & ~f32SignBit }
    @inline(__always) static func f32Neg(_ a: UInt32) -> UInt32 { a ^ f32SignBit }
    @inline(__always) static func f32Copysign(_ a: UInt32, _ b: UInt32) -> UInt32 {
        (a & ~f32SignBit) | (b & f32SignBit)
    }

    // MARK: f32 min / max

    /// `fmin`: NaN if either operand is NaN, and `-0 < +0`.
    ///
    /// Swift's `Float.minimum` would do, but it is not guaranteed to quiet a signaling NaN operand, and the bit
    /// version keeps the fast path (two ordered compares) free of calls.
    @inline(__always) static func f32Min(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x < y { return a }
        if y < x { return b }
        // Equal: the bits differ only for {-0, +0}, where the minimum is the one with the sign bit set.
        if x == y { return a | b }
        return (x.isNaN ? a : b) | f32QuietBit
    }

    /// `fmax`: NaN if either operand is NaN, and `+0 > -0`.
    @inline(__always) static func f32Max(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x > y { return a }
        if y > x { return b }
        // Equal: the bits differ only for {-0, +0}, where the maximum is the one without the sign bit.
        if x == y { return a & b }
        return (x.isNaN ? a : b) | f32QuietBit
    }

    // MARK: f32 rounding

    /// Rounds to an integral value with `rule`; NaN operands come back quieted (libm may or may not quiet a
    /// signaling NaN, the spec requires it). The sign of zero is preserved by every rule, e.g.
    /// `nearest(-0.5) == -0.0` and `ceil(-0.5) == -0.0`.
    ///
    /// On baseline x86-64 (no SSE4.1 `roundss`) these compile to one libm call (`ceilf`, `floorf`, `truncf`,
    /// `rintf`; `rint` rounds ties to even because nothing in the process changes the FP rounding mode).
    @inline(__always) static func f32Round(_ a: UInt32, _ rule: FloatingPointRoundingRule) -> UInt32 {
        let x = Float(bitPattern: a)
        if x.isNaN { return a | f32QuietBit }
        return x.rounded(rule).bitPattern
    }
    @inline(__always) static func f32Ceil(_ a: UInt32) -> UInt32 { f32Round(a, .up) }
    @inline(__always) static func f32Floor(_ a: UInt32) -> UInt32 { f32Round(a, .down) }
    @inline(__always) static func f32Trunc(_ a: UInt32) -> UInt32 { f32Round(a, .towardZero) }
    /// Round half to even (IEEE `roundTiesToEven`), not C's `round` (half away from zero).
    @inline(__always) static func f32Nearest(_ a: UInt32) -> UInt32 { f32Round(a, .toNearestOrEven) }

    // MARK: f64 arithmetic

    @inline(__always) static func f64Add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (Double(bitPattern: a) + Double(bitPattern: b)).bitPattern
    }
    @inline(__always) static func f64Sub(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (Double(bitPattern: a) - Double(bitPattern: b)).bitPattern
    }
    @inline(__always) static func f64Mul(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (Double(bitPattern: a) * Double(bitPattern: b)).bitPattern
    }
    @inline(__always) static func f64Div(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (Double(bitPattern: a) / Double(bitPattern: b)).bitPattern
    }
    @inline(__always) static func f64Sqrt(_ a: UInt64) -> UInt64 {
        Double(bitPattern: a).squareRoot().bitPattern
    }

    // MARK: f64 sign operations (bitwise, payload-preserving)

    @inline(__always) static func f64Abs(_ a: UInt64) -> UInt64 { a & ~f64SignBit }
    @inline(__always) static func f64Neg(_ a: UInt64) -> UInt64 { a ^ f64SignBit }
    @inline(__always) static func f64Copysign(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a & ~f64SignBit) | (b & f64SignBit)
    }

    // MARK: f64 min / max

    /// `fmin` for f64; see ``f32Min(_:_:)``.
    @inline(__always) static func f64Min(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Double(bitPattern: a), y = Double(bitPattern: b)
        if x < y { return a }
        if y < x { return b }
        if x == y { return a | b }
        return (x.isNaN ? a : b) | f64QuietBit
    }

    /// `fmax` for f64; see ``f32Max(_:_:)``.
    @inline(__always) static func f64Max(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Double(bitPattern: a), y = Double(bitPattern: b)
        if x > y { return a }
        if y > x { return b }
        if x == y { return a & b }
        return (x.isNaN ? a : b) | f64QuietBit
    }

    // MARK: f64 rounding

    /// See ``f32Round(_:_:)``.
    @inline(__always) static func f64Round(_ a: UInt64, _ rule: FloatingPointRoundingRule) -> UInt64 {
        let x = Double(bitPattern: a)
        if x.isNaN { return a | f64QuietBit }
        return x.rounded(rule).bitPattern
    }
    @inline(__always) static func f64Ceil(_ a: UInt64) -> UInt64 { f64Round(a, .up) }
    @inline(__always) static func f64Floor(_ a: UInt64) -> UInt64 { f64Round(a, .down) }
    @inline(__always) static func f64Trunc(_ a: UInt64) -> UInt64 { f64Round(a, .towardZero) }
    @inline(__always) static func f64Nearest(_ a: UInt64) -> UInt64 { f64Round(a, .toNearestOrEven) }
}
