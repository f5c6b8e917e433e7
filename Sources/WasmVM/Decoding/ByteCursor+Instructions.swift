/// Decoding one instruction (opcode and immediates) of WebAssembly 2.0.
///
/// This is the innermost loop of both the decode-time body scan and lazy translation, so it is one switch over
/// the opcode byte with the immediates read inline; nothing allocates except `br_table`'s target list.
extension ByteCursor {
    mutating func readInstruction() throws(DecodingError) -> Instruction {
        let opcodeOffset = position
        let opcode = try readByte()
        switch opcode {
        // Control
        case 0x00: return .unreachable
        case 0x01: return .nop
        case 0x02: return .block(try readBlockType())
        case 0x03: return .loop(try readBlockType())
        case 0x04: return .if(try readBlockType())
        case 0x05: return .else
        case 0x0B: return .end
        case 0x0C: return .br(try readU32())
        case 0x0D: return .brIf(try readU32())
        case 0x0E: return try readBranchTable()
        case 0x0F: return .return
        case 0x10: return .call(try readU32())
        case 0x11:
            let typeIndex = try readU32()
            let table = try readU32()
            return .callIndirect(typeIndex: typeIndex, table: table)

        // Parametric
        case 0x1A: return .drop
        case 0x1B: return .select
        case 0x1C:
            let countOffset = position
            // The encoding allows a vector of types for future multi-value select; 2.0 allows exactly one.
            guard try readU32() == 1 else { throw DecodingError(offset: countOffset, "invalid result arity") }
            return .typedSelect(try readValueType())

        // Variables
        case 0x20: return .localGet(try readU32())
        case 0x21: return .localSet(try readU32())
        case 0x22: return .localTee(try readU32())
        case 0x23: return .globalGet(try readU32())
        case 0x24: return .globalSet(try readU32())

        // Tables
        case 0x25: return .tableGet(try readU32())
        case 0x26: return .tableSet(try readU32())

        // Memory
        case 0x28...0x35:
            guard let memoryOpcode = MemoryOpcode(rawValue: opcode) else { break }
            return .load(memoryOpcode, try readMemArg())
        case 0x36...0x3E:
            guard let memoryOpcode = MemoryOpcode(rawValue: opcode) else { break }
            return .store(memoryOpcode, try readMemArg())
        case 0x3F:
            try readZeroByte()
            return .memorySize(0)
        case 0x40:
            try readZeroByte()
            return .memoryGrow(0)

        // Constants
        case 0x41: return .i32Const(UInt32(bitPattern: try readS32()))
        case 0x42: return .i64Const(UInt64(bitPattern: try readS64()))
        case 0x43: return .f32Const(try readFixedUInt32())
        case 0x44: return .f64Const(try readFixedUInt64())

        // Numeric instructions without immediates occupy 0x45...0xC4 without gaps.
        case 0x45...0xC4:
            guard let numericOpcode = NumericOpcode(rawValue: UInt16(opcode)) else { break }
            return .numeric(numericOpcode)

        // References
        case 0xD0: return .refNull(try readReferenceType())
        case 0xD1: return .refIsNull
        case 0xD2: return .refFunc(try readU32())

        case 0xFC: return try readMiscellaneousInstruction(opcodeOffset: opcodeOffset)
        case 0xFD: return try readSIMDInstruction(opcodeOffset: opcodeOffset)
        default: break
        }
        throw Self.illegalOpcode(opcode, at: opcodeOffset)
    }

    /// The `0xFC`-prefixed instructions: saturating truncations, bulk memory and table instructions.
    private mutating func readMiscellaneousInstruction(opcodeOffset: Int) throws(DecodingError) -> Instruction {
        let subopcode = try readU32()
        switch subopcode {
        case 0...7:
            guard let numericOpcode = NumericOpcode(rawValue: 0xFC00 | UInt16(subopcode)) else { break }
            return .numeric(numericOpcode)
        case 8:
            let data = try readU32()
            try readZeroByte()
            return .memoryInit(data: data, memory: 0)
        case 9: return .dataDrop(try readU32())
        case 10:
            try readZeroByte()
            try readZeroByte()
            return .memoryCopy(destination: 0, source: 0)
        case 11:
            try readZeroByte()
            return .memoryFill(0)
        case 12:
            let element = try readU32()
            let table = try readU32()
            return .tableInit(element: element, table: table)
        case 13: return .elemDrop(try readU32())
        case 14:
            let destination = try readU32()
            let source = try readU32()
            return .tableCopy(destination: destination, source: source)
        case 15: return .tableGrow(try readU32())
        case 16: return .tableSize(try readU32())
        case 17: return .tableFill(try readU32())
        default: break
        }
        throw DecodingError(offset: opcodeOffset, "illegal opcode 0xfc \(subopcode)")
    }

    /// The `0xFD`-prefixed vector instructions.
    private mutating func readSIMDInstruction(opcodeOffset: Int) throws(DecodingError) -> Instruction {
        let subopcode = try readU32()
        guard let simdOpcode = SIMDOpcode(rawValue: subopcode) else {
            throw DecodingError(offset: opcodeOffset, "illegal opcode 0xfd \(subopcode)")
        }
        switch subopcode {
        case 0x00...0x0B, 0x5C, 0x5D: return .simdMemory(simdOpcode, try readMemArg())
        case 0x0C: return .v128Const(try readV128())
        case 0x0D: return .i8x16Shuffle(try readV128())
        case 0x15...0x22: return .simdLane(simdOpcode, try readByte())
        case 0x54...0x5B:
            let memArg = try readMemArg()
            return .simdMemoryLane(simdOpcode, memArg, try readByte())
        default: return .simd(simdOpcode)
        }
    }

    /// `br_table`: a vector of label indices and a default label. The only instruction whose decoding allocates.
    private mutating func readBranchTable() throws(DecodingError) -> Instruction {
        let count = try readCount()
        var targets: [UInt32] = []
        // Each target takes at least one byte, so a corrupt count cannot make this reserve more than the body.
        targets.reserveCapacity(Swift.min(count, remaining))
        for _ in 0..<count { targets.append(try readU32()) }
        return .brTable(targets: targets, default: try readU32())
    }

    /// A block type: `0x40` (no results), a value type (one result), or a non-negative `s33` type index.
    mutating func readBlockType() throws(DecodingError) -> BlockType {
        let offset = position
        let byte = try peekByte()
        if byte == 0x40 {
            position += 1
            return .empty
        }
        // A one-byte negative s33 is a value type code (as in the spec interpreter).
        if byte & 0xC0 == 0x40 {
            position += 1
            guard let type = Self.valueType(code: byte) else { throw DecodingError(offset: offset, "malformed value type") }
            return .value(type)
        }
        let index = try readS33()
        guard index >= 0 else { throw DecodingError(offset: offset, "unknown type") }
        return .typeIndex(UInt32(truncatingIfNeeded: index))
    }

    /// A memory immediate: alignment exponent and offset, both `u32`.
    ///
    /// An exponent of 32 or more cannot describe any access in a 32-bit memory and the spec interpreter rejects
    /// it while decoding ("malformed memop flags"); smaller but unnatural alignments are the validator's business.
    @inline(__always)
    mutating func readMemArg() throws(DecodingError) -> MemArg {
        let flagsOffset = position
        let align = try readU32()
        guard align < 32 else { throw DecodingError(offset: flagsOffset, "malformed memop flags") }
        let offset = try readU32()
        return MemArg(align: align, offset: UInt64(offset))
    }

    static func illegalOpcode(_ opcode: UInt8, at offset: Int) -> DecodingError {
        let digits = String(opcode, radix: 16)
        return DecodingError(offset: offset, "illegal opcode 0x\(opcode < 0x10 ? "0" : "")\(digits)")
    }
}
