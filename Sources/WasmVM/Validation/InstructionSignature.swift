/// The stack effect of an instruction that has no immediates: up to three operands of fixed types and at most one
/// result.
///
/// Every numeric instruction and most SIMD instructions have such a fixed signature, so the validator looks them up
/// in tables indexed by opcode (built once per module validation) instead of switching over some 350 opcodes.
struct InstructionSignature: Sendable {
    /// Operand types in stack order (`operands.0` is pushed first, so it is popped last).
    var operands: (OperandType, OperandType, OperandType)
    /// 0...3; `invalidCount` marks opcodes that are not in the table (they have immediates or do not exist).
    var operandCount: UInt8
    var result: OperandType
    var hasResult: Bool

    static let invalidCount: UInt8 = 0xFF
    static let invalid = InstructionSignature(
        operands: (.unknown, .unknown, .unknown), operandCount: invalidCount, result: .unknown, hasResult: false)

    static func unary(_ operand: OperandType, _ result: OperandType) -> InstructionSignature {
        InstructionSignature(operands: (operand, .unknown, .unknown), operandCount: 1, result: result, hasResult: true)
    }

    static func binary(_ operand: OperandType, _ result: OperandType) -> InstructionSignature {
        InstructionSignature(operands: (operand, operand, .unknown), operandCount: 2, result: result, hasResult: true)
    }

    static func binary(_ first: OperandType, _ second: OperandType, _ result: OperandType) -> InstructionSignature {
        InstructionSignature(operands: (first, second, .unknown), operandCount: 2, result: result, hasResult: true)
    }

    static func ternary(_ operand: OperandType, _ result: OperandType) -> InstructionSignature {
        InstructionSignature(operands: (operand, operand, operand), operandCount: 3, result: result, hasResult: true)
    }
}

// MARK: - Numeric instructions

extension InstructionSignature {
    /// Size of the numeric signature table: one entry per single-byte opcode, then the eight `0xFC 0..7`
    /// saturating truncations.
    static let numericTableSize = 0x108

    /// Position of a numeric opcode in the numeric signature table.
    @inline(__always)
    static func numericTableIndex(_ opcode: NumericOpcode) -> Int {
        let raw = Int(opcode.rawValue)
        return raw < 0x100 ? raw : 0x100 + (raw & 0xFF)
    }

    /// The table of all numeric signatures, indexed by `numericTableIndex`.
    static func makeNumericTable() -> [InstructionSignature] {
        var table = [InstructionSignature](repeating: .invalid, count: numericTableSize)
        for opcode in NumericOpcode.allCases {
            table[numericTableIndex(opcode)] = numeric(opcode)
        }
        return table
    }

    /// The signature of a numeric instruction, read off the opcode ranges of the binary format (the opcodes are
    /// grouped by operand type and arity there, see the spec's "Numeric Instructions" binary table).
    static func numeric(_ opcode: NumericOpcode) -> InstructionSignature {
        switch opcode.rawValue {
        case 0x45: .unary(.i32, .i32)                    // i32.eqz
        case 0x46...0x4F: .binary(.i32, .i32)            // i32 comparisons
        case 0x50: .unary(.i64, .i32)                    // i64.eqz
        case 0x51...0x5A: .binary(.i64, .i32)            // i64 comparisons
        case 0x5B...0x60: .binary(.f32, .i32)            // f32 comparisons
        case 0x61...0x66: .binary(.f64, .i32)            // f64 comparisons
        case 0x67...0x69: .unary(.i32, .i32)             // i32.clz, ctz, popcnt
        case 0x6A...0x78: .binary(.i32, .i32)            // i32 arithmetic
        case 0x79...0x7B: .unary(.i64, .i64)             // i64.clz, ctz, popcnt
        case 0x7C...0x8A: .binary(.i64, .i64)            // i64 arithmetic
        case 0x8B...0x91: .unary(.f32, .f32)             // f32.abs ... sqrt
        case 0x92...0x98: .binary(.f32, .f32)            // f32.add ... copysign
        case 0x99...0x9F: .unary(.f64, .f64)
        case 0xA0...0xA6: .binary(.f64, .f64)
        case 0xA7: .unary(.i64, .i32)                    // i32.wrap_i64
        case 0xA8, 0xA9: .unary(.f32, .i32)              // i32.trunc_f32_*
        case 0xAA, 0xAB: .unary(.f64, .i32)
        case 0xAC, 0xAD: .unary(.i32, .i64)              // i64.extend_i32_*
        case 0xAE, 0xAF: .unary(.f32, .i64)
        case 0xB0, 0xB1: .unary(.f64, .i64)
        case 0xB2, 0xB3: .unary(.i32, .f32)              // f32.convert_i32_*
        case 0xB4, 0xB5: .unary(.i64, .f32)
        case 0xB6: .unary(.f64, .f32)                    // f32.demote_f64
        case 0xB7, 0xB8: .unary(.i32, .f64)
        case 0xB9, 0xBA: .unary(.i64, .f64)
        case 0xBB: .unary(.f32, .f64)                    // f64.promote_f32
        case 0xBC: .unary(.f32, .i32)                    // reinterpretations
        case 0xBD: .unary(.f64, .i64)
        case 0xBE: .unary(.i32, .f32)
        case 0xBF: .unary(.i64, .f64)
        case 0xC0, 0xC1: .unary(.i32, .i32)              // i32.extend8_s, extend16_s
        case 0xC2...0xC4: .unary(.i64, .i64)             // i64.extend{8,16,32}_s
        case 0xFC00, 0xFC01: .unary(.f32, .i32)          // i32.trunc_sat_f32_*
        case 0xFC02, 0xFC03: .unary(.f64, .i32)
        case 0xFC04, 0xFC05: .unary(.f32, .i64)
        case 0xFC06, 0xFC07: .unary(.f64, .i64)
        default: .invalid
        }
    }
}

// MARK: - SIMD instructions without immediates

extension InstructionSignature {
    /// The table of SIMD signatures indexed by subopcode (all SIMD subopcodes of 2.0 are below 0x100). Entries for
    /// instructions with immediates (memory, lanes, constants, shuffle) are `invalid`; the validator handles those
    /// separately.
    static func makeSIMDTable() -> [InstructionSignature] {
        var table = [InstructionSignature](repeating: .invalid, count: 0x100)
        for opcode in SIMDOpcode.allCases where opcode.rawValue < 0x100 {
            table[Int(opcode.rawValue)] = simd(opcode)
        }
        return table
    }

    static func simd(_ opcode: SIMDOpcode) -> InstructionSignature {
        switch opcode {
        case .v128Load, .v128Load8x8S, .v128Load8x8U, .v128Load16x4S, .v128Load16x4U, .v128Load32x2S,
             .v128Load32x2U, .v128Load8Splat, .v128Load16Splat, .v128Load32Splat, .v128Load64Splat, .v128Store,
             .v128Load32Zero, .v128Load64Zero,
             .v128Load8Lane, .v128Load16Lane, .v128Load32Lane, .v128Load64Lane,
             .v128Store8Lane, .v128Store16Lane, .v128Store32Lane, .v128Store64Lane,
             .v128Const, .i8x16Shuffle,
             .i8x16ExtractLaneS, .i8x16ExtractLaneU, .i8x16ReplaceLane,
             .i16x8ExtractLaneS, .i16x8ExtractLaneU, .i16x8ReplaceLane,
             .i32x4ExtractLane, .i32x4ReplaceLane, .i64x2ExtractLane, .i64x2ReplaceLane,
             .f32x4ExtractLane, .f32x4ReplaceLane, .f64x2ExtractLane, .f64x2ReplaceLane:
            return .invalid

        case .i8x16Splat, .i16x8Splat, .i32x4Splat: return .unary(.i32, .v128)
        case .i64x2Splat: return .unary(.i64, .v128)
        case .f32x4Splat: return .unary(.f32, .v128)
        case .f64x2Splat: return .unary(.f64, .v128)

        case .v128AnyTrue, .i8x16AllTrue, .i16x8AllTrue, .i32x4AllTrue, .i64x2AllTrue,
             .i8x16Bitmask, .i16x8Bitmask, .i32x4Bitmask, .i64x2Bitmask:
            return .unary(.v128, .i32)

        case .i8x16Shl, .i8x16ShrS, .i8x16ShrU, .i16x8Shl, .i16x8ShrS, .i16x8ShrU,
             .i32x4Shl, .i32x4ShrS, .i32x4ShrU, .i64x2Shl, .i64x2ShrS, .i64x2ShrU:
            return .binary(.v128, .i32, .v128)

        case .v128Bitselect:
            return .ternary(.v128, .v128)

        case .v128Not,
             .i8x16Abs, .i8x16Neg, .i8x16Popcnt, .i16x8Abs, .i16x8Neg, .i32x4Abs, .i32x4Neg, .i64x2Abs, .i64x2Neg,
             .f32x4Abs, .f32x4Neg, .f32x4Sqrt, .f32x4Ceil, .f32x4Floor, .f32x4Trunc, .f32x4Nearest,
             .f64x2Abs, .f64x2Neg, .f64x2Sqrt, .f64x2Ceil, .f64x2Floor, .f64x2Trunc, .f64x2Nearest,
             .i16x8ExtaddPairwiseI8x16S, .i16x8ExtaddPairwiseI8x16U,
             .i32x4ExtaddPairwiseI16x8S, .i32x4ExtaddPairwiseI16x8U,
             .i16x8ExtendLowI8x16S, .i16x8ExtendHighI8x16S, .i16x8ExtendLowI8x16U, .i16x8ExtendHighI8x16U,
             .i32x4ExtendLowI16x8S, .i32x4ExtendHighI16x8S, .i32x4ExtendLowI16x8U, .i32x4ExtendHighI16x8U,
             .i64x2ExtendLowI32x4S, .i64x2ExtendHighI32x4S, .i64x2ExtendLowI32x4U, .i64x2ExtendHighI32x4U,
             .f32x4DemoteF64x2Zero, .f64x2PromoteLowF32x4,
             .i32x4TruncSatF32x4S, .i32x4TruncSatF32x4U, .f32x4ConvertI32x4S, .f32x4ConvertI32x4U,
             .i32x4TruncSatF64x2SZero, .i32x4TruncSatF64x2UZero, .f64x2ConvertLowI32x4S, .f64x2ConvertLowI32x4U:
            return .unary(.v128, .v128)

        case .i8x16Swizzle,
             .i8x16Eq, .i8x16Ne, .i8x16LtS, .i8x16LtU, .i8x16GtS, .i8x16GtU, .i8x16LeS, .i8x16LeU, .i8x16GeS,
             .i8x16GeU,
             .i16x8Eq, .i16x8Ne, .i16x8LtS, .i16x8LtU, .i16x8GtS, .i16x8GtU, .i16x8LeS, .i16x8LeU, .i16x8GeS,
             .i16x8GeU,
             .i32x4Eq, .i32x4Ne, .i32x4LtS, .i32x4LtU, .i32x4GtS, .i32x4GtU, .i32x4LeS, .i32x4LeU, .i32x4GeS,
             .i32x4GeU,
             .i64x2Eq, .i64x2Ne, .i64x2LtS, .i64x2GtS, .i64x2LeS, .i64x2GeS,
             .f32x4Eq, .f32x4Ne, .f32x4Lt, .f32x4Gt, .f32x4Le, .f32x4Ge,
             .f64x2Eq, .f64x2Ne, .f64x2Lt, .f64x2Gt, .f64x2Le, .f64x2Ge,
             .v128And, .v128AndNot, .v128Or, .v128Xor,
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
            return .binary(.v128, .v128)
        }
    }
}
