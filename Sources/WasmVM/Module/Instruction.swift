/// The alignment hint and static offset of a memory access.
struct MemArg: Hashable, Sendable {
    /// log2 of the alignment hint.
    var align: UInt32
    var offset: UInt64
    /// Memory index (always 0 in WebAssembly 2.0, kept for multi-memory).
    var memory: UInt32 = 0
}

/// A 128-bit vector value, stored little-endian as two 64-bit halves.
public struct V128: Hashable, Sendable {
    public var low: UInt64
    public var high: UInt64
    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }
    public static let zero = V128(low: 0, high: 0)

    /// The 16 bytes in memory (little-endian) order.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(16)
        for i in 0..<8 { result.append(UInt8(truncatingIfNeeded: low >> UInt64(8 * i))) }
        for i in 0..<8 { result.append(UInt8(truncatingIfNeeded: high >> UInt64(8 * i))) }
        return result
    }
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16)
        var lo: UInt64 = 0, hi: UInt64 = 0
        for i in 0..<8 { lo |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        for i in 0..<8 { hi |= UInt64(bytes[8 + i]) << (8 * UInt64(i)) }
        self.init(low: lo, high: hi)
    }
}

/// One decoded WebAssembly instruction.
///
/// Instructions without immediates are grouped by kind (`numeric`, `simd`) with their opcode as a raw-valued
/// enum, so the decoder, the validator and the translator each switch over small, exhaustive sets.
enum Instruction: Hashable, Sendable {
    // Control
    case unreachable
    case nop
    case block(BlockType)
    case loop(BlockType)
    case `if`(BlockType)
    case `else`
    case end
    case br(UInt32)
    case brIf(UInt32)
    case brTable(targets: [UInt32], default: UInt32)
    case `return`
    case call(UInt32)
    case callIndirect(typeIndex: UInt32, table: UInt32)

    // Parametric
    case drop
    /// `select` without a type annotation (numeric operands only).
    case select
    /// `select t` (required for reference operands).
    case typedSelect(ValueType)

    // Variables
    case localGet(UInt32)
    case localSet(UInt32)
    case localTee(UInt32)
    case globalGet(UInt32)
    case globalSet(UInt32)

    // Tables
    case tableGet(UInt32)
    case tableSet(UInt32)
    case tableInit(element: UInt32, table: UInt32)
    case elemDrop(UInt32)
    case tableCopy(destination: UInt32, source: UInt32)
    case tableGrow(UInt32)
    case tableSize(UInt32)
    case tableFill(UInt32)

    // Memory
    case load(MemoryOpcode, MemArg)
    case store(MemoryOpcode, MemArg)
    case memorySize(UInt32)
    case memoryGrow(UInt32)
    case memoryInit(data: UInt32, memory: UInt32)
    case dataDrop(UInt32)
    case memoryCopy(destination: UInt32, source: UInt32)
    case memoryFill(UInt32)

    // Constants (floats as bit patterns so NaN payloads survive)
    case i32Const(UInt32)
    case i64Const(UInt64)
    case f32Const(UInt32)
    case f64Const(UInt64)

    // Numeric instructions without immediates (comparison, arithmetic, conversion, sign extension, saturating
    // truncation).
    case numeric(NumericOpcode)

    // References
    case refNull(ReferenceType)
    case refIsNull
    case refFunc(UInt32)

    // SIMD
    case v128Const(V128)
    case i8x16Shuffle(V128)
    /// A SIMD instruction without immediates.
    case simd(SIMDOpcode)
    /// `v128.load*` and `v128.store`.
    case simdMemory(SIMDOpcode, MemArg)
    /// `*.extract_lane*` and `*.replace_lane`.
    case simdLane(SIMDOpcode, UInt8)
    /// `v128.load*_lane` and `v128.store*_lane`.
    case simdMemoryLane(SIMDOpcode, MemArg, UInt8)
}

/// Scalar loads and stores; the raw value is the opcode byte.
enum MemoryOpcode: UInt8, Hashable, Sendable {
    case i32Load = 0x28, i64Load = 0x29, f32Load = 0x2A, f64Load = 0x2B
    case i32Load8S = 0x2C, i32Load8U = 0x2D, i32Load16S = 0x2E, i32Load16U = 0x2F
    case i64Load8S = 0x30, i64Load8U = 0x31, i64Load16S = 0x32, i64Load16U = 0x33
    case i64Load32S = 0x34, i64Load32U = 0x35
    case i32Store = 0x36, i64Store = 0x37, f32Store = 0x38, f64Store = 0x39
    case i32Store8 = 0x3A, i32Store16 = 0x3B, i64Store8 = 0x3C, i64Store16 = 0x3D, i64Store32 = 0x3E

    /// Width of the access in bytes.
    var accessSize: Int {
        switch self {
        case .i32Load8S, .i32Load8U, .i64Load8S, .i64Load8U, .i32Store8, .i64Store8: 1
        case .i32Load16S, .i32Load16U, .i64Load16S, .i64Load16U, .i32Store16, .i64Store16: 2
        case .i32Load, .f32Load, .i64Load32S, .i64Load32U, .i32Store, .f32Store, .i64Store32: 4
        case .i64Load, .f64Load, .i64Store, .f64Store: 8
        }
    }

    /// The value type loaded or stored.
    var valueType: ValueType {
        switch self {
        case .i32Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U, .i32Store, .i32Store8, .i32Store16: .i32
        case .i64Load, .i64Load8S, .i64Load8U, .i64Load16S, .i64Load16U, .i64Load32S, .i64Load32U,
             .i64Store, .i64Store8, .i64Store16, .i64Store32: .i64
        case .f32Load, .f32Store: .f32
        case .f64Load, .f64Store: .f64
        }
    }
}

/// Numeric instructions without immediates. The raw value is the opcode byte, or `0xFC00 | subopcode` for the
/// `0xFC`-prefixed saturating truncations.
enum NumericOpcode: UInt16, Hashable, Sendable, CaseIterable {
    case i32Eqz = 0x45, i32Eq, i32Ne, i32LtS, i32LtU, i32GtS, i32GtU, i32LeS, i32LeU, i32GeS, i32GeU
    case i64Eqz = 0x50, i64Eq, i64Ne, i64LtS, i64LtU, i64GtS, i64GtU, i64LeS, i64LeU, i64GeS, i64GeU
    case f32Eq = 0x5B, f32Ne, f32Lt, f32Gt, f32Le, f32Ge
    case f64Eq = 0x61, f64Ne, f64Lt, f64Gt, f64Le, f64Ge
    case i32Clz = 0x67, i32Ctz, i32Popcnt, i32Add, i32Sub, i32Mul, i32DivS, i32DivU, i32RemS, i32RemU
    case i32And = 0x71, i32Or, i32Xor, i32Shl, i32ShrS, i32ShrU, i32Rotl, i32Rotr
    case i64Clz = 0x79, i64Ctz, i64Popcnt, i64Add, i64Sub, i64Mul, i64DivS, i64DivU, i64RemS, i64RemU
    case i64And = 0x83, i64Or, i64Xor, i64Shl, i64ShrS, i64ShrU, i64Rotl, i64Rotr
    case f32Abs = 0x8B, f32Neg, f32Ceil, f32Floor, f32Trunc, f32Nearest, f32Sqrt
    case f32Add = 0x92, f32Sub, f32Mul, f32Div, f32Min, f32Max, f32Copysign
    case f64Abs = 0x99, f64Neg, f64Ceil, f64Floor, f64Trunc, f64Nearest, f64Sqrt
    case f64Add = 0xA0, f64Sub, f64Mul, f64Div, f64Min, f64Max, f64Copysign
    case i32WrapI64 = 0xA7, i32TruncF32S, i32TruncF32U, i32TruncF64S, i32TruncF64U
    case i64ExtendI32S = 0xAC, i64ExtendI32U, i64TruncF32S, i64TruncF32U, i64TruncF64S, i64TruncF64U
    case f32ConvertI32S = 0xB2, f32ConvertI32U, f32ConvertI64S, f32ConvertI64U, f32DemoteF64
    case f64ConvertI32S = 0xB7, f64ConvertI32U, f64ConvertI64S, f64ConvertI64U, f64PromoteF32
    case i32ReinterpretF32 = 0xBC, i64ReinterpretF64, f32ReinterpretI32, f64ReinterpretI64
    case i32Extend8S = 0xC0, i32Extend16S, i64Extend8S, i64Extend16S, i64Extend32S
    case i32TruncSatF32S = 0xFC00, i32TruncSatF32U, i32TruncSatF64S, i32TruncSatF64U
    case i64TruncSatF32S = 0xFC04, i64TruncSatF32U, i64TruncSatF64S, i64TruncSatF64U
}

/// SIMD opcodes (the `0xFD`-prefixed instructions); the raw value is the LEB128-encoded subopcode.
enum SIMDOpcode: UInt32, Hashable, Sendable, CaseIterable {
    // Memory
    case v128Load = 0x00, v128Load8x8S, v128Load8x8U, v128Load16x4S, v128Load16x4U, v128Load32x2S, v128Load32x2U
    case v128Load8Splat = 0x07, v128Load16Splat, v128Load32Splat, v128Load64Splat
    case v128Store = 0x0B
    case v128Const = 0x0C
    case i8x16Shuffle = 0x0D
    case i8x16Swizzle = 0x0E
    case i8x16Splat = 0x0F, i16x8Splat, i32x4Splat, i64x2Splat, f32x4Splat, f64x2Splat
    // Lanes
    case i8x16ExtractLaneS = 0x15, i8x16ExtractLaneU, i8x16ReplaceLane
    case i16x8ExtractLaneS = 0x18, i16x8ExtractLaneU, i16x8ReplaceLane
    case i32x4ExtractLane = 0x1B, i32x4ReplaceLane
    case i64x2ExtractLane = 0x1D, i64x2ReplaceLane
    case f32x4ExtractLane = 0x1F, f32x4ReplaceLane
    case f64x2ExtractLane = 0x21, f64x2ReplaceLane
    // Comparisons
    case i8x16Eq = 0x23, i8x16Ne, i8x16LtS, i8x16LtU, i8x16GtS, i8x16GtU, i8x16LeS, i8x16LeU, i8x16GeS, i8x16GeU
    case i16x8Eq = 0x2D, i16x8Ne, i16x8LtS, i16x8LtU, i16x8GtS, i16x8GtU, i16x8LeS, i16x8LeU, i16x8GeS, i16x8GeU
    case i32x4Eq = 0x37, i32x4Ne, i32x4LtS, i32x4LtU, i32x4GtS, i32x4GtU, i32x4LeS, i32x4LeU, i32x4GeS, i32x4GeU
    case f32x4Eq = 0x41, f32x4Ne, f32x4Lt, f32x4Gt, f32x4Le, f32x4Ge
    case f64x2Eq = 0x47, f64x2Ne, f64x2Lt, f64x2Gt, f64x2Le, f64x2Ge
    // Bitwise
    case v128Not = 0x4D, v128And, v128AndNot, v128Or, v128Xor, v128Bitselect, v128AnyTrue
    // Lane memory
    case v128Load8Lane = 0x54, v128Load16Lane, v128Load32Lane, v128Load64Lane
    case v128Store8Lane = 0x58, v128Store16Lane, v128Store32Lane, v128Store64Lane
    case v128Load32Zero = 0x5C, v128Load64Zero
    case f32x4DemoteF64x2Zero = 0x5E, f64x2PromoteLowF32x4
    // i8x16
    case i8x16Abs = 0x60, i8x16Neg, i8x16Popcnt, i8x16AllTrue, i8x16Bitmask, i8x16NarrowI16x8S, i8x16NarrowI16x8U
    case f32x4Ceil = 0x67, f32x4Floor, f32x4Trunc, f32x4Nearest
    case i8x16Shl = 0x6B, i8x16ShrS, i8x16ShrU, i8x16Add, i8x16AddSatS, i8x16AddSatU, i8x16Sub, i8x16SubSatS,
         i8x16SubSatU
    case f64x2Ceil = 0x74, f64x2Floor
    case i8x16MinS = 0x76, i8x16MinU, i8x16MaxS, i8x16MaxU
    case f64x2Trunc = 0x7A
    case i8x16AvgrU = 0x7B
    case i16x8ExtaddPairwiseI8x16S = 0x7C, i16x8ExtaddPairwiseI8x16U, i32x4ExtaddPairwiseI16x8S,
         i32x4ExtaddPairwiseI16x8U
    // i16x8
    case i16x8Abs = 0x80, i16x8Neg, i16x8Q15mulrSatS, i16x8AllTrue, i16x8Bitmask, i16x8NarrowI32x4S,
         i16x8NarrowI32x4U
    case i16x8ExtendLowI8x16S = 0x87, i16x8ExtendHighI8x16S, i16x8ExtendLowI8x16U, i16x8ExtendHighI8x16U
    case i16x8Shl = 0x8B, i16x8ShrS, i16x8ShrU, i16x8Add, i16x8AddSatS, i16x8AddSatU, i16x8Sub, i16x8SubSatS,
         i16x8SubSatU
    case f64x2Nearest = 0x94
    case i16x8Mul = 0x95, i16x8MinS, i16x8MinU, i16x8MaxS, i16x8MaxU
    case i16x8AvgrU = 0x9B
    case i16x8ExtmulLowI8x16S = 0x9C, i16x8ExtmulHighI8x16S, i16x8ExtmulLowI8x16U, i16x8ExtmulHighI8x16U
    // i32x4
    case i32x4Abs = 0xA0, i32x4Neg
    case i32x4AllTrue = 0xA3, i32x4Bitmask
    case i32x4ExtendLowI16x8S = 0xA7, i32x4ExtendHighI16x8S, i32x4ExtendLowI16x8U, i32x4ExtendHighI16x8U
    case i32x4Shl = 0xAB, i32x4ShrS, i32x4ShrU, i32x4Add
    case i32x4Sub = 0xB1
    case i32x4Mul = 0xB5, i32x4MinS, i32x4MinU, i32x4MaxS, i32x4MaxU, i32x4DotI16x8S
    case i32x4ExtmulLowI16x8S = 0xBC, i32x4ExtmulHighI16x8S, i32x4ExtmulLowI16x8U, i32x4ExtmulHighI16x8U
    // i64x2
    case i64x2Abs = 0xC0, i64x2Neg
    case i64x2AllTrue = 0xC3, i64x2Bitmask
    case i64x2ExtendLowI32x4S = 0xC7, i64x2ExtendHighI32x4S, i64x2ExtendLowI32x4U, i64x2ExtendHighI32x4U
    case i64x2Shl = 0xCB, i64x2ShrS, i64x2ShrU, i64x2Add
    case i64x2Sub = 0xD1
    case i64x2Mul = 0xD5, i64x2Eq, i64x2Ne, i64x2LtS, i64x2GtS, i64x2LeS, i64x2GeS
    case i64x2ExtmulLowI32x4S = 0xDC, i64x2ExtmulHighI32x4S, i64x2ExtmulLowI32x4U, i64x2ExtmulHighI32x4U
    // f32x4
    case f32x4Abs = 0xE0, f32x4Neg
    case f32x4Sqrt = 0xE3, f32x4Add, f32x4Sub, f32x4Mul, f32x4Div, f32x4Min, f32x4Max, f32x4Pmin, f32x4Pmax
    // f64x2
    case f64x2Abs = 0xEC, f64x2Neg
    case f64x2Sqrt = 0xEF, f64x2Add, f64x2Sub, f64x2Mul, f64x2Div, f64x2Min, f64x2Max, f64x2Pmin, f64x2Pmax
    // Conversions
    case i32x4TruncSatF32x4S = 0xF8, i32x4TruncSatF32x4U, f32x4ConvertI32x4S, f32x4ConvertI32x4U
    case i32x4TruncSatF64x2SZero = 0xFC, i32x4TruncSatF64x2UZero, f64x2ConvertLowI32x4S, f64x2ConvertLowI32x4U
}
