extension SIMDSemantics {
    /// The `v128 → i32` reductions (``SIMDOperationKind/test``): `any_true`, `all_true` and `bitmask`.
    static func test(_ op: SIMDOpcode, _ a: V128) -> UInt32 {
        switch op {
        case .v128AnyTrue: return (a.low | a.high) != 0 ? 1 : 0
        case .i8x16AllTrue: return allLanesNonZero(a, U8x16.self)
        case .i16x8AllTrue: return allLanesNonZero(a, U16x8.self)
        case .i32x4AllTrue: return allLanesNonZero(a, U32x4.self)
        case .i64x2AllTrue: return allLanesNonZero(a, U64x2.self)
        case .i8x16Bitmask: return signBits(a, I8x16.self)
        case .i16x8Bitmask: return signBits(a, I16x8.self)
        case .i32x4Bitmask: return signBits(a, I32x4.self)
        case .i64x2Bitmask: return signBits(a, I64x2.self)
        default:
            preconditionFailure("\(op) is not a SIMD test operation")
        }
    }

    /// 1 if no lane of `a` (viewed as `Lanes`) is zero, else 0.
    @inline(__always)
    static func allLanesNonZero<Lanes: SIMD>(_ a: V128, _: Lanes.Type) -> UInt32 where Lanes.Scalar: FixedWidthInteger {
        let x: Lanes = a.lanes()
        for i in x.indices where x[i] == 0 { return 0 }
        return 1
    }

    /// Bit `i` of the result is the sign (top) bit of lane `i`.
    @inline(__always)
    static func signBits<Lanes: SIMD>(_ a: V128, _: Lanes.Type) -> UInt32
    where Lanes.Scalar: FixedWidthInteger & SignedInteger {
        let x: Lanes = a.lanes()
        var mask: UInt32 = 0
        for i in x.indices where x[i] < 0 { mask |= 1 << UInt32(i) }
        return mask
    }

    /// `v128.bitselect`: each result bit comes from `a` where `mask` has a 1 and from `b` where it has a 0.
    static func bitselect(_ a: V128, _ b: V128, _ mask: V128) -> V128 {
        V128(low: (a.low & mask.low) | (b.low & ~mask.low), high: (a.high & mask.high) | (b.high & ~mask.high))
    }
}
