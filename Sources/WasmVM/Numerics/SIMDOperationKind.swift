/// Which ``SIMDSemantics`` entry point (and operand shape) a SIMD opcode belongs to.
///
/// Lets the translator and the interpreter dispatch whole families of SIMD opcodes at once (e.g. every
/// `.binary` opcode pops two `v128` and pushes `SIMDSemantics.binary(op, a, b)`), instead of repeating the
/// list of ~230 opcodes. The switch is exhaustive on purpose: a new opcode must be classified here.
enum SIMDOperationKind: Hashable, Sendable {
    /// `v128.load`: plain 16-byte load.
    case load
    /// `v128.load8x8_s` … `v128.load32x2_u`: ``SIMDSemantics/extendLoad(_:_:)`` on the 8 loaded bytes.
    case extendLoad
    /// `v128.load8_splat` … `v128.load64_splat`: ``SIMDSemantics/splatLoad(_:_:)``.
    case splatLoad
    /// `v128.load32_zero`, `v128.load64_zero`: the loaded bytes zero-extended to 16 (``SIMDSemantics/zeroLoad(_:_:)``).
    case zeroLoad
    /// `v128.load*_lane`: ``SIMDSemantics/replaceLane(_:_:_:_:)`` with the loaded bits.
    case loadLane
    /// `v128.store`.
    case store
    /// `v128.store*_lane`: ``SIMDSemantics/extractLane(_:_:_:)`` then a narrow store.
    case storeLane
    /// `v128.const`.
    case constant
    /// `i8x16.shuffle`: ``SIMDSemantics/shuffle(_:_:lanes:)``.
    case shuffle
    /// ``SIMDSemantics/unary(_:_:)``: v128 → v128.
    case unary
    /// ``SIMDSemantics/binary(_:_:_:)``: v128 v128 → v128.
    case binary
    /// `v128.bitselect`: ``SIMDSemantics/bitselect(_:_:_:)``.
    case ternary
    /// ``SIMDSemantics/shift(_:_:_:)``: v128 i32 → v128.
    case shift
    /// ``SIMDSemantics/test(_:_:)``: v128 → i32 (any_true, all_true, bitmask).
    case test
    /// ``SIMDSemantics/splat(_:_:)``: scalar → v128.
    case splat
    /// ``SIMDSemantics/extractLane(_:_:_:)``: v128 → scalar.
    case extractLane
    /// ``SIMDSemantics/replaceLane(_:_:_:_:)``: v128 scalar → v128.
    case replaceLane
}

extension SIMDSemantics {
    /// The operand shape of `op`.
    static func kind(of op: SIMDOpcode) -> SIMDOperationKind {
        switch op {
        case .v128Load: .load
        case .v128Load8x8S, .v128Load8x8U, .v128Load16x4S, .v128Load16x4U, .v128Load32x2S, .v128Load32x2U:
            .extendLoad
        case .v128Load8Splat, .v128Load16Splat, .v128Load32Splat, .v128Load64Splat: .splatLoad
        case .v128Load32Zero, .v128Load64Zero: .zeroLoad
        case .v128Load8Lane, .v128Load16Lane, .v128Load32Lane, .v128Load64Lane: .loadLane
        case .v128Store: .store
        case .v128Store8Lane, .v128Store16Lane, .v128Store32Lane, .v128Store64Lane: .storeLane
        case .v128Const: .constant
        case .i8x16Shuffle: .shuffle
        case .v128Bitselect: .ternary

        case .i8x16Splat, .i16x8Splat, .i32x4Splat, .i64x2Splat, .f32x4Splat, .f64x2Splat: .splat
        case .i8x16ExtractLaneS, .i8x16ExtractLaneU, .i16x8ExtractLaneS, .i16x8ExtractLaneU, .i32x4ExtractLane,
             .i64x2ExtractLane, .f32x4ExtractLane, .f64x2ExtractLane:
            .extractLane
        case .i8x16ReplaceLane, .i16x8ReplaceLane, .i32x4ReplaceLane, .i64x2ReplaceLane, .f32x4ReplaceLane,
             .f64x2ReplaceLane:
            .replaceLane

        case .i8x16Shl, .i8x16ShrS, .i8x16ShrU, .i16x8Shl, .i16x8ShrS, .i16x8ShrU,
             .i32x4Shl, .i32x4ShrS, .i32x4ShrU, .i64x2Shl, .i64x2ShrS, .i64x2ShrU:
            .shift

        case .v128AnyTrue, .i8x16AllTrue, .i16x8AllTrue, .i32x4AllTrue, .i64x2AllTrue,
             .i8x16Bitmask, .i16x8Bitmask, .i32x4Bitmask, .i64x2Bitmask:
            .test

        case .v128Not,
             .i8x16Abs, .i8x16Neg, .i8x16Popcnt, .i16x8Abs, .i16x8Neg, .i32x4Abs, .i32x4Neg, .i64x2Abs, .i64x2Neg,
             .f32x4Abs, .f32x4Neg, .f32x4Sqrt, .f32x4Ceil, .f32x4Floor, .f32x4Trunc, .f32x4Nearest,
             .f64x2Abs, .f64x2Neg, .f64x2Sqrt, .f64x2Ceil, .f64x2Floor, .f64x2Trunc, .f64x2Nearest,
             .i16x8ExtendLowI8x16S, .i16x8ExtendHighI8x16S, .i16x8ExtendLowI8x16U, .i16x8ExtendHighI8x16U,
             .i32x4ExtendLowI16x8S, .i32x4ExtendHighI16x8S, .i32x4ExtendLowI16x8U, .i32x4ExtendHighI16x8U,
             .i64x2ExtendLowI32x4S, .i64x2ExtendHighI32x4S, .i64x2ExtendLowI32x4U, .i64x2ExtendHighI32x4U,
             .i16x8ExtaddPairwiseI8x16S, .i16x8ExtaddPairwiseI8x16U,
             .i32x4ExtaddPairwiseI16x8S, .i32x4ExtaddPairwiseI16x8U,
             .i32x4TruncSatF32x4S, .i32x4TruncSatF32x4U, .i32x4TruncSatF64x2SZero, .i32x4TruncSatF64x2UZero,
             .f32x4ConvertI32x4S, .f32x4ConvertI32x4U, .f64x2ConvertLowI32x4S, .f64x2ConvertLowI32x4U,
             .f32x4DemoteF64x2Zero, .f64x2PromoteLowF32x4:
            .unary

        case .v128And, .v128AndNot, .v128Or, .v128Xor, .i8x16Swizzle,
             .i8x16Eq, .i8x16Ne, .i8x16LtS, .i8x16LtU, .i8x16GtS, .i8x16GtU, .i8x16LeS, .i8x16LeU, .i8x16GeS,
             .i8x16GeU,
             .i16x8Eq, .i16x8Ne, .i16x8LtS, .i16x8LtU, .i16x8GtS, .i16x8GtU, .i16x8LeS, .i16x8LeU, .i16x8GeS,
             .i16x8GeU,
             .i32x4Eq, .i32x4Ne, .i32x4LtS, .i32x4LtU, .i32x4GtS, .i32x4GtU, .i32x4LeS, .i32x4LeU, .i32x4GeS,
             .i32x4GeU,
             .i64x2Eq, .i64x2Ne, .i64x2LtS, .i64x2GtS, .i64x2LeS, .i64x2GeS,
             .f32x4Eq, .f32x4Ne, .f32x4Lt, .f32x4Gt, .f32x4Le, .f32x4Ge,
             .f64x2Eq, .f64x2Ne, .f64x2Lt, .f64x2Gt, .f64x2Le, .f64x2Ge,
             .i8x16NarrowI16x8S, .i8x16NarrowI16x8U, .i16x8NarrowI32x4S, .i16x8NarrowI32x4U,
             .i8x16Add, .i8x16AddSatS, .i8x16AddSatU, .i8x16Sub, .i8x16SubSatS, .i8x16SubSatU,
             .i8x16MinS, .i8x16MinU, .i8x16MaxS, .i8x16MaxU, .i8x16AvgrU,
             .i16x8Add, .i16x8AddSatS, .i16x8AddSatU, .i16x8Sub, .i16x8SubSatS, .i16x8SubSatU, .i16x8Mul,
             .i16x8MinS, .i16x8MinU, .i16x8MaxS, .i16x8MaxU, .i16x8AvgrU, .i16x8Q15mulrSatS,
             .i16x8ExtmulLowI8x16S, .i16x8ExtmulHighI8x16S, .i16x8ExtmulLowI8x16U, .i16x8ExtmulHighI8x16U,
             .i32x4Add, .i32x4Sub, .i32x4Mul, .i32x4MinS, .i32x4MinU, .i32x4MaxS, .i32x4MaxU, .i32x4DotI16x8S,
             .i32x4ExtmulLowI16x8S, .i32x4ExtmulHighI16x8S, .i32x4ExtmulLowI16x8U, .i32x4ExtmulHighI16x8U,
             .i64x2Add, .i64x2Sub, .i64x2Mul,
             .i64x2ExtmulLowI32x4S, .i64x2ExtmulHighI32x4S, .i64x2ExtmulLowI32x4U, .i64x2ExtmulHighI32x4U,
             .f32x4Add, .f32x4Sub, .f32x4Mul, .f32x4Div, .f32x4Min, .f32x4Max, .f32x4Pmin, .f32x4Pmax,
             .f64x2Add, .f64x2Sub, .f64x2Mul, .f64x2Div, .f64x2Min, .f64x2Max, .f64x2Pmin, .f64x2Pmax:
            .binary
        }
    }
}
