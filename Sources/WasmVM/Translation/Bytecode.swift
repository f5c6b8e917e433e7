/// Field access for the bytecode's instruction words (see Docs/Bytecode.md).
///
/// An instruction's first word packs the opcode and three 16-bit slot indices:
/// `opcode | A << 16 | B << 32 | C << 48`. Unpacking is a shift and a mask, cheaper than a second load,
/// and a single 64-bit load brings in the whole instruction.

@inline(__always) func fieldA(_ word: UInt64) -> Int { Int(truncatingIfNeeded: (word &>> 16) & 0xFFFF) }
@inline(__always) func fieldB(_ word: UInt64) -> Int { Int(truncatingIfNeeded: (word &>> 32) & 0xFFFF) }
@inline(__always) func fieldC(_ word: UInt64) -> Int { Int(truncatingIfNeeded: word &>> 48) }
/// The signed 32-bit immediate held in the B and C fields together (branch offsets, global indices, counts).
@inline(__always) func immediate32(_ word: UInt64) -> Int32 { Int32(truncatingIfNeeded: word &>> 32) }

@inline(__always) func instructionWord(_ opcode: Opcode, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0) -> UInt64 {
    UInt64(opcode.rawValue) | UInt64(a) << 16 | UInt64(b) << 32 | UInt64(c) << 48
}

@inline(__always) func instructionWord(_ opcode: Opcode, _ a: Int, immediate: Int32) -> UInt64 {
    UInt64(opcode.rawValue) | UInt64(a) << 16 | UInt64(UInt32(bitPattern: immediate)) << 32
}

/// The largest slot index an instruction can address.
let maximumSlot = 0xFFFF
