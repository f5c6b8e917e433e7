/// Decodes a WebAssembly 2.0 module binary into a `ModuleDefinition`.
///
/// Sections are decoded in one pass. Function bodies are not turned into instruction arrays: each keeps its local
/// declarations and the byte range of its code, which the validator and the translator stream later with
/// `InstructionReader`. Every body is still scanned once here, because the spec classifies an undecodable body
/// (an illegal opcode, a missing `end`, a non-zero reserved byte, `memory.init` without a data count section) as
/// *malformed*, which must be reported at decode time rather than left to validation.
struct ModuleDecoder {
    /// The most locals (beyond parameters) one function may declare. The format allows 2^32-1, but every local
    /// takes a slot in the interpreter's frame, so an absurd count is an implementation limit rather than a
    /// reason to reserve gigabytes; real compilers stay far below this.
    static let maximumLocalCount: UInt64 = 50_000

    static func decode(_ bytes: [UInt8]) throws(DecodingError) -> ModuleDefinition {
        var module = try bytes.withUnsafeBufferPointer { (buffer) throws(DecodingError) -> ModuleDefinition in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                throw DecodingError(offset: 0, "unexpected end")
            }
            var decoder = ModuleDecoder(
                cursor: ByteCursor(
                    base: base, binaryLength: buffer.count, position: 0, end: buffer.count, isWithinSection: false))
            try decoder.decodeModule()
            return decoder.module
        }
        module.bytes = bytes
        module.buildIndexSpaces()
        return module
    }

    /// The read position; while a section is decoded its `end` is the section's end.
    var cursor: ByteCursor
    var module = ModuleDefinition()
    /// `SectionID.order` of the last non-custom section read; sections must come in strictly increasing order.
    private var lastSectionOrder = 0
    /// Set by the body scan when a body uses `memory.init` or `data.drop`, which require a data count section.
    var usesDataCount = false
    /// Scratch stack for the body scan (true: an `if` whose `else` may still follow), reused across bodies.
    var openBlocks: [Bool] = []

    private init(cursor: ByteCursor) {
        self.cursor = cursor
    }

    private mutating func decodeModule() throws(DecodingError) {
        try readHeader()
        while !cursor.isAtEnd {
            try readSection()
        }
        try checkSectionConsistency()
    }

    /// `\0asm` followed by version 1, both as little-endian words.
    private mutating func readHeader() throws(DecodingError) {
        guard try cursor.readFixedUInt32() == 0x6D73_6100 else {
            throw DecodingError(offset: 0, "magic header not detected")
        }
        guard try cursor.readFixedUInt32() == 1 else {
            throw DecodingError(offset: 4, "unknown binary version")
        }
    }

    private mutating func readSection() throws(DecodingError) {
        let idOffset = cursor.position
        let id = try cursor.readByte()
        let section = SectionID(rawValue: id)
        if id != 0 {
            guard let section else { throw DecodingError(offset: idOffset, "malformed section id") }
            guard section.order > lastSectionOrder else {
                throw DecodingError(offset: idOffset, "unexpected content after last section")
            }
            lastSectionOrder = section.order
        }
        let sizeOffset = cursor.position
        let size = try cursor.readCount()
        guard size <= cursor.remaining else { throw DecodingError(offset: sizeOffset, "length out of bounds") }
        let binaryEnd = cursor.end
        let sectionEnd = cursor.position + size
        cursor.end = sectionEnd
        cursor.isWithinSection = true

        switch section {
        case nil: try readCustomSection()
        case .type: try readTypeSection()
        case .import: try readImportSection()
        case .function: try readFunctionSection()
        case .table: try readTableSection()
        case .memory: try readMemorySection()
        case .global: try readGlobalSection()
        case .export: try readExportSection()
        case .start: module.start = try cursor.readU32()
        case .element: try readElementSection()
        case .dataCount: module.dataCount = try cursor.readU32()
        case .code: try readCodeSection()
        case .data: try readDataSection()
        }

        guard cursor.position == sectionEnd else {
            throw DecodingError(offset: cursor.position, "section size mismatch")
        }
        cursor.end = binaryEnd
        cursor.isWithinSection = false
    }

    /// Checks that need the whole module: the function and code sections describe the same functions, and the
    /// data count section (if any) matches the data section and is present when code needs it.
    private func checkSectionConsistency() throws(DecodingError) {
        let end = cursor.binaryLength
        guard module.functionTypeIndices.count == module.functionBodies.count else {
            throw DecodingError(offset: end, "function and code section have inconsistent lengths")
        }
        if let dataCount = module.dataCount {
            guard Int(dataCount) == module.data.count else {
                throw DecodingError(offset: end, "data count and data section have inconsistent lengths")
            }
        } else if usesDataCount {
            throw DecodingError(offset: end, "data count section required")
        }
    }

    /// Capacity to reserve for a vector of `count` entries: every entry takes at least one byte, so a corrupt
    /// count never makes the decoder reserve more than the rest of the section could hold.
    func capacity(for count: Int) -> Int {
        Swift.min(count, cursor.remaining)
    }
}
