extension SIMDSemantics {
    /// Every `v128 → v128` operation (``SIMDOperationKind/unary``).
    static func unary(_ op: SIMDOpcode, _ a: V128) -> V128 {
        switch op {
        case .v128Not: return V128(low: ~a.low, high: ~a.high)

        // Integer lane arithmetic (wrapping).
        case .i8x16Abs: return map(a, I8x16.self, wrappingAbs)
        case .i16x8Abs: return map(a, I16x8.self, wrappingAbs)
        case .i32x4Abs: return map(a, I32x4.self, wrappingAbs)
        case .i64x2Abs: return map(a, I64x2.self, wrappingAbs)
        case .i8x16Neg: return map(a, I8x16.self) { 0 &- $0 }
        case .i16x8Neg: return map(a, I16x8.self) { 0 &- $0 }
        case .i32x4Neg: return map(a, I32x4.self) { 0 &- $0 }
        case .i64x2Neg: return map(a, I64x2.self) { 0 &- $0 }
        case .i8x16Popcnt: return map(a, U8x16.self) { UInt8(truncatingIfNeeded: $0.nonzeroBitCount) }

        // Float sign operations are bitwise (payload-preserving), done on both halves at once.
        case .f32x4Abs:
            return V128(low: a.low & 0x7FFF_FFFF_7FFF_FFFF, high: a.high & 0x7FFF_FFFF_7FFF_FFFF)
        case .f32x4Neg:
            return V128(low: a.low ^ 0x8000_0000_8000_0000, high: a.high ^ 0x8000_0000_8000_0000)
        case .f64x2Abs: return V128(low: WasmFloat.f64Abs(a.low), high: WasmFloat.f64Abs(a.high))
        case .f64x2Neg: return V128(low: WasmFloat.f64Neg(a.low), high: WasmFloat.f64Neg(a.high))

        // Float lane operations reuse the scalar rules.
        case .f32x4Sqrt: return map(a, U32x4.self, WasmFloat.f32Sqrt)
        case .f32x4Ceil: return map(a, U32x4.self, WasmFloat.f32Ceil)
        case .f32x4Floor: return map(a, U32x4.self, WasmFloat.f32Floor)
        case .f32x4Trunc: return map(a, U32x4.self, WasmFloat.f32Trunc)
        case .f32x4Nearest: return map(a, U32x4.self, WasmFloat.f32Nearest)
        case .f64x2Sqrt: return V128(low: WasmFloat.f64Sqrt(a.low), high: WasmFloat.f64Sqrt(a.high))
        case .f64x2Ceil: return V128(low: WasmFloat.f64Ceil(a.low), high: WasmFloat.f64Ceil(a.high))
        case .f64x2Floor: return V128(low: WasmFloat.f64Floor(a.low), high: WasmFloat.f64Floor(a.high))
        case .f64x2Trunc: return V128(low: WasmFloat.f64Trunc(a.low), high: WasmFloat.f64Trunc(a.high))
        case .f64x2Nearest: return V128(low: WasmFloat.f64Nearest(a.low), high: WasmFloat.f64Nearest(a.high))

        // Widening.
        case .i16x8ExtendLowI8x16S: return V128(lanes: extend(a, I8x16.self, to: I16x8.self, high: false))
        case .i16x8ExtendHighI8x16S: return V128(lanes: extend(a, I8x16.self, to: I16x8.self, high: true))
        case .i16x8ExtendLowI8x16U: return V128(lanes: extend(a, U8x16.self, to: U16x8.self, high: false))
        case .i16x8ExtendHighI8x16U: return V128(lanes: extend(a, U8x16.self, to: U16x8.self, high: true))
        case .i32x4ExtendLowI16x8S: return V128(lanes: extend(a, I16x8.self, to: I32x4.self, high: false))
        case .i32x4ExtendHighI16x8S: return V128(lanes: extend(a, I16x8.self, to: I32x4.self, high: true))
        case .i32x4ExtendLowI16x8U: return V128(lanes: extend(a, U16x8.self, to: U32x4.self, high: false))
        case .i32x4ExtendHighI16x8U: return V128(lanes: extend(a, U16x8.self, to: U32x4.self, high: true))
        case .i64x2ExtendLowI32x4S: return V128(lanes: extend(a, I32x4.self, to: I64x2.self, high: false))
        case .i64x2ExtendHighI32x4S: return V128(lanes: extend(a, I32x4.self, to: I64x2.self, high: true))
        case .i64x2ExtendLowI32x4U: return V128(lanes: extend(a, U32x4.self, to: U64x2.self, high: false))
        case .i64x2ExtendHighI32x4U: return V128(lanes: extend(a, U32x4.self, to: U64x2.self, high: true))
        case .i16x8ExtaddPairwiseI8x16S: return addPairwise(a, I8x16.self, to: I16x8.self)
        case .i16x8ExtaddPairwiseI8x16U: return addPairwise(a, U8x16.self, to: U16x8.self)
        case .i32x4ExtaddPairwiseI16x8S: return addPairwise(a, I16x8.self, to: I32x4.self)
        case .i32x4ExtaddPairwiseI16x8U: return addPairwise(a, U16x8.self, to: U32x4.self)

        // Conversions.
        case .i32x4TruncSatF32x4S: return map(a, U32x4.self, WasmConversion.i32TruncSatF32S)
        case .i32x4TruncSatF32x4U: return map(a, U32x4.self, WasmConversion.i32TruncSatF32U)
        case .i32x4TruncSatF64x2SZero:
            return V128(lanes: U32x4(
                WasmConversion.i32TruncSatF64S(a.low), WasmConversion.i32TruncSatF64S(a.high), 0, 0))
        case .i32x4TruncSatF64x2UZero:
            return V128(lanes: U32x4(
                WasmConversion.i32TruncSatF64U(a.low), WasmConversion.i32TruncSatF64U(a.high), 0, 0))
        case .f32x4ConvertI32x4S: return map(a, U32x4.self, WasmConversion.f32ConvertI32S)
        case .f32x4ConvertI32x4U: return map(a, U32x4.self, WasmConversion.f32ConvertI32U)
        case .f64x2ConvertLowI32x4S:
            return V128(
                low: WasmConversion.f64ConvertI32S(UInt32(truncatingIfNeeded: a.low)),
                high: WasmConversion.f64ConvertI32S(UInt32(truncatingIfNeeded: a.low >> 32)))
        case .f64x2ConvertLowI32x4U:
            return V128(
                low: WasmConversion.f64ConvertI32U(UInt32(truncatingIfNeeded: a.low)),
                high: WasmConversion.f64ConvertI32U(UInt32(truncatingIfNeeded: a.low >> 32)))
        case .f32x4DemoteF64x2Zero:
            return V128(lanes: U32x4(WasmConversion.f32DemoteF64(a.low), WasmConversion.f32DemoteF64(a.high), 0, 0))
        case .f64x2PromoteLowF32x4:
            return V128(
                low: WasmConversion.f64PromoteF32(UInt32(truncatingIfNeeded: a.low)),
                high: WasmConversion.f64PromoteF32(UInt32(truncatingIfNeeded: a.low >> 32)))

        default:
            preconditionFailure("\(op) is not a unary SIMD operation")
        }
    }
}
