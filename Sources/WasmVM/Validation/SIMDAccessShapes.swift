// Shapes of the SIMD memory and lane instructions, which the validator (and anything else that needs lane
// counts or access widths) reads off the opcode.

/// Width and direction of a `v128.load*` or `v128.store`.
struct SIMDMemoryAccess {
    /// Bytes read from or written to memory (the natural alignment).
    var width: Int
    var isStore: Bool

    init?(_ opcode: SIMDOpcode) {
        switch opcode {
        case .v128Load: (width, isStore) = (16, false)
        case .v128Store: (width, isStore) = (16, true)
        case .v128Load8x8S, .v128Load8x8U, .v128Load16x4S, .v128Load16x4U, .v128Load32x2S, .v128Load32x2U,
             .v128Load64Splat, .v128Load64Zero:
            (width, isStore) = (8, false)
        case .v128Load32Splat, .v128Load32Zero: (width, isStore) = (4, false)
        case .v128Load16Splat: (width, isStore) = (2, false)
        case .v128Load8Splat: (width, isStore) = (1, false)
        default: return nil
        }
    }
}

/// Lane width and direction of a `v128.load*_lane` or `v128.store*_lane`.
struct SIMDLaneMemoryAccess {
    /// Bytes per lane (also the natural alignment); the lane index must be below `16 / width`.
    var width: Int
    var isStore: Bool

    init?(_ opcode: SIMDOpcode) {
        switch opcode {
        case .v128Load8Lane: (width, isStore) = (1, false)
        case .v128Load16Lane: (width, isStore) = (2, false)
        case .v128Load32Lane: (width, isStore) = (4, false)
        case .v128Load64Lane: (width, isStore) = (8, false)
        case .v128Store8Lane: (width, isStore) = (1, true)
        case .v128Store16Lane: (width, isStore) = (2, true)
        case .v128Store32Lane: (width, isStore) = (4, true)
        case .v128Store64Lane: (width, isStore) = (8, true)
        default: return nil
        }
    }
}

/// Shape of an `*.extract_lane*` or `*.replace_lane`.
struct SIMDLaneAccess {
    var laneCount: UInt8
    /// The scalar type extracted or inserted.
    var scalar: OperandType
    var isReplace: Bool

    init?(_ opcode: SIMDOpcode) {
        switch opcode {
        case .i8x16ExtractLaneS, .i8x16ExtractLaneU: (laneCount, scalar, isReplace) = (16, .i32, false)
        case .i8x16ReplaceLane: (laneCount, scalar, isReplace) = (16, .i32, true)
        case .i16x8ExtractLaneS, .i16x8ExtractLaneU: (laneCount, scalar, isReplace) = (8, .i32, false)
        case .i16x8ReplaceLane: (laneCount, scalar, isReplace) = (8, .i32, true)
        case .i32x4ExtractLane: (laneCount, scalar, isReplace) = (4, .i32, false)
        case .i32x4ReplaceLane: (laneCount, scalar, isReplace) = (4, .i32, true)
        case .i64x2ExtractLane: (laneCount, scalar, isReplace) = (2, .i64, false)
        case .i64x2ReplaceLane: (laneCount, scalar, isReplace) = (2, .i64, true)
        case .f32x4ExtractLane: (laneCount, scalar, isReplace) = (4, .f32, false)
        case .f32x4ReplaceLane: (laneCount, scalar, isReplace) = (4, .f32, true)
        case .f64x2ExtractLane: (laneCount, scalar, isReplace) = (2, .f64, false)
        case .f64x2ReplaceLane: (laneCount, scalar, isReplace) = (2, .f64, true)
        default: return nil
        }
    }
}
