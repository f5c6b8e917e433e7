/// SIMD instructions with immediates: shuffles, lane accesses and vector loads and stores.
extension FunctionValidator {
    mutating func validateSIMDInstructionWithImmediates(_ instruction: Instruction) throws(ValidationError) {
        switch instruction {
        case .i8x16Shuffle(let lanes):
            // Each of the 16 selector bytes picks one of the 32 lanes of the two operands.
            for shift in stride(from: 0, to: 64, by: 8) {
                guard (lanes.low >> UInt64(shift)) & 0xFF < 32, (lanes.high >> UInt64(shift)) & 0xFF < 32 else {
                    throw error("invalid lane index")
                }
            }
            try pop(.v128)
            try pop(.v128)
            push(.v128)

        case .simdMemory(let opcode, let memArg):
            guard let access = SIMDMemoryAccess(opcode) else { throw error("unknown operator") }
            try checkMemoryAccess(memArg, naturalAlignment: access.width)
            if access.isStore {
                try pop(.v128)
                try pop(.i32)
            } else {
                try pop(.i32)
                push(.v128)
            }

        case .simdMemoryLane(let opcode, let memArg, let lane):
            guard let access = SIMDLaneMemoryAccess(opcode) else { throw error("unknown operator") }
            try checkMemoryAccess(memArg, naturalAlignment: access.width)
            guard Int(lane) < 16 / access.width else { throw error("invalid lane index") }
            try pop(.v128)
            try pop(.i32)
            if !access.isStore { push(.v128) }

        case .simdLane(let opcode, let lane):
            guard let access = SIMDLaneAccess(opcode) else { throw error("unknown operator") }
            guard lane < access.laneCount else { throw error("invalid lane index") }
            if access.isReplace {
                try pop(access.scalar)
                try pop(.v128)
                push(.v128)
            } else {
                try pop(.v128)
                push(access.scalar)
            }

        default:
            throw error("unknown operator")
        }
    }
}
