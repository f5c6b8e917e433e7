/// The semantics of every WebAssembly 2.0 SIMD (`v128`) operation, as pure functions on ``V128`` values.
///
/// The interpreter passes operands as raw vectors and gets raw vectors (or scalars) back; one entry point per
/// operand shape (``unary(_:_:)``, ``binary(_:_:_:)``, ``shift(_:_:_:)``, ``test(_:_:)``, lane access and
/// loads), each switching on the opcode. ``kind(of:)`` tells which entry point an opcode belongs to.
///
/// Implementation: lanes are read by reinterpreting the vector as a Swift `SIMDn` type (see
/// `V128+Lanes.swift`) and mostly processed lane by lane with the scalar rules. Float lanes are handled as their
/// bit patterns and go through ``WasmFloat``/``WasmConversion`` so NaN and signed-zero behaviour is identical to
/// the scalar instructions. These functions are not on the interpreter's hot path (PHP does not use SIMD), so
/// clarity wins over hand-vectorising; the generic helpers are `@inline(__always)` so each call site is
/// specialised for its lane type anyway.
enum SIMDSemantics {
    typealias I8x16 = SIMD16<Int8>
    typealias U8x16 = SIMD16<UInt8>
    typealias I16x8 = SIMD8<Int16>
    typealias U16x8 = SIMD8<UInt16>
    typealias I32x4 = SIMD4<Int32>
    typealias U32x4 = SIMD4<UInt32>
    typealias I64x2 = SIMD2<Int64>
    typealias U64x2 = SIMD2<UInt64>
}

// MARK: - Lane-wise helpers

extension SIMDSemantics {
    /// Applies `f` to every lane of `a` viewed as `Lanes`.
    @inline(__always)
    static func map<Lanes: SIMD>(_ a: V128, _: Lanes.Type, _ f: (Lanes.Scalar) -> Lanes.Scalar) -> V128 {
        let x: Lanes = a.lanes()
        var result = Lanes()
        for i in result.indices { result[i] = f(x[i]) }
        return V128(lanes: result)
    }

    /// Combines corresponding lanes of `a` and `b` viewed as `Lanes`.
    @inline(__always)
    static func zip<Lanes: SIMD>(
        _ a: V128, _ b: V128, _: Lanes.Type, _ f: (Lanes.Scalar, Lanes.Scalar) -> Lanes.Scalar
    ) -> V128 {
        let x: Lanes = a.lanes(), y: Lanes = b.lanes()
        var result = Lanes()
        for i in result.indices { result[i] = f(x[i], y[i]) }
        return V128(lanes: result)
    }

    /// A lane-wise comparison: all ones in lanes where `predicate` holds, zero elsewhere. Float comparisons use
    /// the unsigned lanes of the same width and decode the bits in the predicate.
    @inline(__always)
    static func compare<Lanes: SIMD>(
        _ a: V128, _ b: V128, _: Lanes.Type, _ predicate: (Lanes.Scalar, Lanes.Scalar) -> Bool
    ) -> V128 where Lanes.Scalar: FixedWidthInteger {
        let x: Lanes = a.lanes(), y: Lanes = b.lanes()
        var result = Lanes()
        for i in result.indices { result[i] = predicate(x[i], y[i]) ? ~0 : 0 }
        return V128(lanes: result)
    }

    /// Widens the low or high half of the lanes of `a` (viewed as `Source`) to `Target` lanes. A signed `Source`
    /// sign-extends, an unsigned one zero-extends (that is what `init(truncatingIfNeeded:)` does when widening).
    @inline(__always)
    static func extend<Source: SIMD, Target: SIMD>(
        _ a: V128, _: Source.Type, to _: Target.Type, high: Bool
    ) -> Target where Source.Scalar: FixedWidthInteger, Target.Scalar: FixedWidthInteger {
        let x: Source = a.lanes()
        var result = Target()
        let base = high ? result.scalarCount : 0
        for i in result.indices { result[i] = Target.Scalar(truncatingIfNeeded: x[base + i]) }
        return result
    }

    /// Adds adjacent pairs of `Source` lanes into one `Target` lane of twice the width (`extadd_pairwise`).
    @inline(__always)
    static func addPairwise<Source: SIMD, Target: SIMD>(
        _ a: V128, _: Source.Type, to _: Target.Type
    ) -> V128 where Source.Scalar: FixedWidthInteger, Target.Scalar: FixedWidthInteger {
        let x: Source = a.lanes()
        var result = Target()
        for i in result.indices {
            result[i] = Target.Scalar(truncatingIfNeeded: x[2 * i]) &+ Target.Scalar(truncatingIfNeeded: x[2 * i + 1])
        }
        return V128(lanes: result)
    }

    /// Saturating narrow: the signed lanes of `a` then `b` clamp into the half-width `Target` lanes.
    @inline(__always)
    static func narrow<Source: SIMD, Target: SIMD>(
        _ a: V128, _ b: V128, _: Source.Type, to _: Target.Type
    ) -> V128 where Source.Scalar: FixedWidthInteger, Target.Scalar: FixedWidthInteger {
        let x: Source = a.lanes(), y: Source = b.lanes()
        var result = Target()
        let half = x.scalarCount
        for i in 0..<half {
            result[i] = Target.Scalar(clamping: x[i])
            result[half + i] = Target.Scalar(clamping: y[i])
        }
        return V128(lanes: result)
    }

    /// Extended multiplication: widen the low or high halves of both operands, then multiply (the product of
    /// two widened lanes always fits, `&*` only avoids the overflow check).
    @inline(__always)
    static func extendedMultiply<Source: SIMD, Target: SIMD>(
        _ a: V128, _ b: V128, _: Source.Type, to _: Target.Type, high: Bool
    ) -> V128 where Source.Scalar: FixedWidthInteger, Target.Scalar: FixedWidthInteger {
        let x = extend(a, Source.self, to: Target.self, high: high)
        let y = extend(b, Source.self, to: Target.self, high: high)
        return V128(lanes: x &* y)
    }

    /// Wrapping absolute value: `abs(T.min) == T.min`, as the spec requires.
    @inline(__always)
    static func wrappingAbs<T: FixedWidthInteger & SignedInteger>(_ x: T) -> T { x < 0 ? 0 &- x : x }
}
