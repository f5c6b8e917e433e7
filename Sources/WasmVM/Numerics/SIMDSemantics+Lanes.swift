extension SIMDSemantics {
    /// `*.splat` (``SIMDOperationKind/splat``): `bits` is the scalar operand (i32/f32 in the low 32 bits), truncated
    /// to the lane width and copied into every lane.
    static func splat(_ op: SIMDOpcode, _ bits: UInt64) -> V128 {
        switch op {
        case .i8x16Splat: return V128(lanes: U8x16(repeating: UInt8(truncatingIfNeeded: bits)))
        case .i16x8Splat: return V128(lanes: U16x8(repeating: UInt16(truncatingIfNeeded: bits)))
        case .i32x4Splat, .f32x4Splat: return V128(lanes: U32x4(repeating: UInt32(truncatingIfNeeded: bits)))
        case .i64x2Splat, .f64x2Splat: return V128(low: bits, high: bits)
        default:
            preconditionFailure("\(op) is not a SIMD splat")
        }
    }

    /// `*.extract_lane*` (``SIMDOperationKind/extractLane``) and the value `v128.store*_lane` stores.
    ///
    /// i32/f32 results are zero-extended into the `UInt64`; `_s` variants sign-extend the lane to 32 bits first.
    /// `lane` must be valid for the shape (the validator guarantees it; an invalid one traps on the precondition).
    static func extractLane(_ op: SIMDOpcode, _ a: V128, _ lane: Int) -> UInt64 {
        switch op {
        case .i8x16ExtractLaneS: return UInt64(UInt32(bitPattern: Int32(a.lanes(I8x16.self)[lane])))
        case .i8x16ExtractLaneU, .v128Store8Lane: return UInt64(a.lanes(U8x16.self)[lane])
        case .i16x8ExtractLaneS: return UInt64(UInt32(bitPattern: Int32(a.lanes(I16x8.self)[lane])))
        case .i16x8ExtractLaneU, .v128Store16Lane: return UInt64(a.lanes(U16x8.self)[lane])
        case .i32x4ExtractLane, .f32x4ExtractLane, .v128Store32Lane: return UInt64(a.lanes(U32x4.self)[lane])
        case .i64x2ExtractLane, .f64x2ExtractLane, .v128Store64Lane: return a.lanes(U64x2.self)[lane]
        default:
            preconditionFailure("\(op) is not a SIMD lane extraction")
        }
    }

    /// `*.replace_lane` (``SIMDOperationKind/replaceLane``) and `v128.load*_lane` (with the loaded bits): `bits`
    /// truncated to the lane width replaces lane `lane`.
    static func replaceLane(_ op: SIMDOpcode, _ a: V128, _ lane: Int, _ bits: UInt64) -> V128 {
        switch op {
        case .i8x16ReplaceLane, .v128Load8Lane:
            var x = a.lanes(U8x16.self)
            x[lane] = UInt8(truncatingIfNeeded: bits)
            return V128(lanes: x)
        case .i16x8ReplaceLane, .v128Load16Lane:
            var x = a.lanes(U16x8.self)
            x[lane] = UInt16(truncatingIfNeeded: bits)
            return V128(lanes: x)
        case .i32x4ReplaceLane, .f32x4ReplaceLane, .v128Load32Lane:
            var x = a.lanes(U32x4.self)
            x[lane] = UInt32(truncatingIfNeeded: bits)
            return V128(lanes: x)
        case .i64x2ReplaceLane, .f64x2ReplaceLane, .v128Load64Lane:
            var x = a.lanes(U64x2.self)
            x[lane] = bits
            return V128(lanes: x)
        default:
            preconditionFailure("\(op) is not a SIMD lane replacement")
        }
    }

    /// `i8x16.shuffle`: result byte `i` is byte `lanes[i]` of the 32-byte concatenation `a ++ b`. The
    /// validator rejects selectors ≥ 32; they are masked here anyway so a bad one cannot read out of range.
    static func shuffle(_ a: V128, _ b: V128, lanes: V128) -> V128 {
        let x = a.lanes(U8x16.self), y = b.lanes(U8x16.self), selectors = lanes.lanes(U8x16.self)
        var result = U8x16()
        for i in result.indices {
            let selector = Int(selectors[i] & 31)
            result[i] = selector < 16 ? x[selector] : y[selector - 16]
        }
        return V128(lanes: result)
    }

    /// `v128.load8x8_s` … `v128.load32x2_u`: widens the 8 loaded bytes (`bits`, little-endian) lane-wise.
    static func extendLoad(_ op: SIMDOpcode, _ bits: UInt64) -> V128 {
        let loaded = V128(low: bits, high: 0)
        switch op {
        case .v128Load8x8S: return V128(lanes: extend(loaded, I8x16.self, to: I16x8.self, high: false))
        case .v128Load8x8U: return V128(lanes: extend(loaded, U8x16.self, to: U16x8.self, high: false))
        case .v128Load16x4S: return V128(lanes: extend(loaded, I16x8.self, to: I32x4.self, high: false))
        case .v128Load16x4U: return V128(lanes: extend(loaded, U16x8.self, to: U32x4.self, high: false))
        case .v128Load32x2S: return V128(lanes: extend(loaded, I32x4.self, to: I64x2.self, high: false))
        case .v128Load32x2U: return V128(lanes: extend(loaded, U32x4.self, to: U64x2.self, high: false))
        default:
            preconditionFailure("\(op) is not an extending SIMD load")
        }
    }

    /// `v128.load8_splat` … `v128.load64_splat`: the loaded scalar (`bits`, zero-extended) in every lane.
    static func splatLoad(_ op: SIMDOpcode, _ bits: UInt64) -> V128 {
        switch op {
        case .v128Load8Splat: return splat(.i8x16Splat, bits)
        case .v128Load16Splat: return splat(.i16x8Splat, bits)
        case .v128Load32Splat: return splat(.i32x4Splat, bits)
        case .v128Load64Splat: return splat(.i64x2Splat, bits)
        default:
            preconditionFailure("\(op) is not a splatting SIMD load")
        }
    }

    /// `v128.load32_zero` / `v128.load64_zero`: the loaded scalar in lane 0, zeros elsewhere.
    static func zeroLoad(_ op: SIMDOpcode, _ bits: UInt64) -> V128 {
        switch op {
        case .v128Load32Zero: return V128(low: bits & 0xFFFF_FFFF, high: 0)
        case .v128Load64Zero: return V128(low: bits, high: 0)
        default:
            preconditionFailure("\(op) is not a zero-extending SIMD load")
        }
    }

    /// Access width in bytes of a SIMD memory instruction (16 for `v128.load`/`store`), for bounds checks.
    static func accessSize(_ op: SIMDOpcode) -> Int {
        switch op {
        case .v128Load, .v128Store: return 16
        case .v128Load8x8S, .v128Load8x8U, .v128Load16x4S, .v128Load16x4U, .v128Load32x2S, .v128Load32x2U,
             .v128Load64Splat, .v128Load64Zero, .v128Load64Lane, .v128Store64Lane:
            return 8
        case .v128Load32Splat, .v128Load32Zero, .v128Load32Lane, .v128Store32Lane: return 4
        case .v128Load16Splat, .v128Load16Lane, .v128Store16Lane: return 2
        case .v128Load8Splat, .v128Load8Lane, .v128Store8Lane: return 1
        default:
            preconditionFailure("\(op) is not a SIMD memory instruction")
        }
    }
}
