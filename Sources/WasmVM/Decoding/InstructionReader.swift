/// Streams the instructions of a function body (or any instruction sequence) out of a module binary.
///
/// Function bodies stay undecoded until they are validated or translated, so this reader is on the lazy
/// translation path. Each `read()` pins the array's storage with `withUnsafeBufferPointer` (free for a native
/// array: no copy, no allocation) and decodes with a pointer-based `ByteCursor`, so reading an instruction costs
/// one switch and a few byte loads; only `br_table` allocates.
struct InstructionReader {
    private let bytes: [UInt8]
    /// Offset in `bytes` of the next instruction.
    private(set) var offset: Int
    private let end: Int

    /// A reader for the instructions in `range` of `bytes` (typically `FunctionBody.code` and
    /// `ModuleDefinition.bytes`).
    init(bytes: [UInt8], range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "instruction range outside the binary")
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    /// Whether every instruction in the range has been read.
    var isAtEnd: Bool { offset >= end }

    /// Decodes the next instruction. Throws "unexpected end of section or function" if the range ends before the
    /// instruction does, and "illegal opcode ..." for an unknown opcode.
    mutating func read() throws(DecodingError) -> Instruction {
        let start = offset
        let end = self.end
        guard start < end else { throw DecodingError(offset: start, "unexpected end of section or function") }
        let (instruction, next) = try bytes.withUnsafeBufferPointer {
            (buffer) throws(DecodingError) -> (Instruction, Int) in
            // Non-empty: start < end <= count.
            var cursor = ByteCursor(base: buffer.baseAddress!, binaryLength: buffer.count, position: start, end: end)
            let instruction = try cursor.readInstruction()
            return (instruction, cursor.position)
        }
        offset = next
        return instruction
    }
}
