/// The payload of each section. On entry `cursor.end` is the end of the section; `readSection` checks afterwards
/// that the payload used exactly the declared size.
extension ModuleDecoder {
    mutating func readCustomSection() throws(DecodingError) {
        let name = try cursor.readName()
        let payload = cursor.position..<cursor.end
        module.customSections.append(CustomSection(name: name, range: payload))
        if name == "name" {
            // A custom section can never make a module malformed, so a broken name section is simply ignored.
            module.names = NameSectionDecoder.decode(cursor) ?? NameMap()
        }
        cursor.position = cursor.end
    }

    mutating func readTypeSection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.types.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            module.types.append(try cursor.readFunctionType())
        }
    }

    mutating func readImportSection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.imports.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            let moduleName = try cursor.readName()
            let name = try cursor.readName()
            let kindOffset = cursor.position
            let descriptor: ImportDescriptor
            switch try cursor.readByte() {
            case 0x00: descriptor = .function(typeIndex: try cursor.readU32())
            case 0x01: descriptor = .table(try cursor.readTableType())
            case 0x02: descriptor = .memory(try cursor.readMemoryType())
            case 0x03: descriptor = .global(try cursor.readGlobalType())
            default: throw DecodingError(offset: kindOffset, "malformed import kind")
            }
            module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor))
        }
    }

    mutating func readFunctionSection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.functionTypeIndices.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            module.functionTypeIndices.append(try cursor.readU32())
        }
    }

    mutating func readTableSection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.tables.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            module.tables.append(try cursor.readTableType())
        }
    }

    mutating func readMemorySection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.memories.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            module.memories.append(try cursor.readMemoryType())
        }
    }

    mutating func readGlobalSection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.globals.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            let type = try cursor.readGlobalType()
            let initializer = try readConstantExpression()
            module.globals.append(GlobalDefinition(type: type, initializer: initializer))
        }
    }

    mutating func readExportSection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.exports.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            let name = try cursor.readName()
            let kindOffset = cursor.position
            guard let kind = ExternalKind(rawValue: try cursor.readByte()) else {
                throw DecodingError(offset: kindOffset, "malformed export kind")
            }
            module.exports.append(Export(name: name, kind: kind, index: try cursor.readU32()))
        }
    }

    mutating func readElementSection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.elements.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            module.elements.append(try readElementSegment())
        }
    }

    /// One element segment in any of the eight encodings. The flags are three bits:
    /// bit 0 — passive or declarative (otherwise active); bit 1 — for active segments an explicit table index,
    /// otherwise declarative rather than passive; bit 2 — items are constant expressions rather than function
    /// indices. Encodings other than 0 and 4 state the element type: an element kind byte (0x00 = funcref) with
    /// function indices, a reference type with expressions.
    private mutating func readElementSegment() throws(DecodingError) -> ElementSegment {
        let flagsOffset = cursor.position
        let flags = try cursor.readU32()
        guard flags <= 7 else { throw DecodingError(offset: flagsOffset, "malformed elements segment kind") }
        let usesExpressions = flags & 0b100 != 0

        let mode: ElementSegment.Mode
        if flags & 0b001 == 0 {
            let table = flags & 0b010 != 0 ? try cursor.readU32() : 0
            mode = .active(table: table, offset: try readConstantExpression())
        } else {
            mode = flags & 0b010 != 0 ? .declarative : .passive
        }

        var type = ReferenceType.funcRef
        if flags & 0b011 != 0 {
            if usesExpressions {
                type = try cursor.readReferenceType()
            } else {
                let kindOffset = cursor.position
                guard try cursor.readByte() == 0x00 else {
                    throw DecodingError(offset: kindOffset, "malformed element kind")
                }
            }
        }

        let itemCount = try cursor.readCount()
        var initializers: [ConstantExpression] = []
        initializers.reserveCapacity(capacity(for: itemCount))
        for _ in 0..<itemCount {
            if usesExpressions {
                initializers.append(try readConstantExpression())
            } else {
                initializers.append(ConstantExpression(instructions: [.refFunc(try cursor.readU32())]))
            }
        }
        return ElementSegment(type: type, initializers: initializers, mode: mode)
    }

    mutating func readCodeSection() throws(DecodingError) {
        // A count that disagrees with the function section is reported after the last section, as the spec
        // interpreter does (a duplicate section after this one is reported first).
        let count = try cursor.readCount()
        module.functionBodies.reserveCapacity(capacity(for: count))
        let sectionEnd = cursor.end
        for _ in 0..<count {
            let sizeOffset = cursor.position
            let size = try cursor.readCount()
            guard size <= cursor.remaining else { throw DecodingError(offset: sizeOffset, "length out of bounds") }
            let bodyEnd = cursor.position + size
            cursor.end = bodyEnd
            let locals = try readLocalDeclarations()
            let code = cursor.position..<bodyEnd
            try scanFunctionBody(code)
            module.functionBodies.append(FunctionBody(locals: locals, code: code))
            cursor.position = bodyEnd
            cursor.end = sectionEnd
        }
    }

    /// `vec(locals)`: runs of `count` locals of one type. Runs with a count of zero are dropped.
    private mutating func readLocalDeclarations() throws(DecodingError) -> [LocalDeclaration] {
        let count = try cursor.readCount()
        var declarations: [LocalDeclaration] = []
        declarations.reserveCapacity(capacity(for: count))
        var total: UInt64 = 0
        for _ in 0..<count {
            let runOffset = cursor.position
            let runLength = try cursor.readU32()
            total += UInt64(runLength)
            guard total <= UInt64(UInt32.max) else { throw DecodingError(offset: runOffset, "too many locals") }
            let type = try cursor.readValueType()
            if runLength > 0 {
                declarations.append(LocalDeclaration(count: runLength, type: type))
            }
        }
        guard total <= Self.maximumLocalCount else {
            throw DecodingError(
                offset: cursor.position,
                "too many locals: \(total) declared, the implementation limit is \(Self.maximumLocalCount)")
        }
        return declarations
    }

    mutating func readDataSection() throws(DecodingError) {
        let count = try cursor.readCount()
        module.data.reserveCapacity(capacity(for: count))
        for _ in 0..<count {
            module.data.append(try readDataSegment())
        }
    }

    /// One data segment: flags 0 (active in memory 0), 1 (passive) or 2 (active with an explicit memory index).
    private mutating func readDataSegment() throws(DecodingError) -> DataSegment {
        let flagsOffset = cursor.position
        let mode: DataSegment.Mode
        switch try cursor.readU32() {
        case 0: mode = .active(memory: 0, offset: try readConstantExpression())
        case 1: mode = .passive
        case 2:
            let memory = try cursor.readU32()
            mode = .active(memory: memory, offset: try readConstantExpression())
        default: throw DecodingError(offset: flagsOffset, "malformed data segment kind")
        }
        let length = try cursor.readCount()
        return DataSegment(range: try cursor.readRange(count: length), mode: mode)
    }

    /// The instructions of a constant expression up to its final `end` (not included).
    ///
    /// Which instructions are allowed is the validator's business; here nested blocks are only tracked so that
    /// the expression ends at the right `end`, as in the spec interpreter's structured decoding.
    mutating func readConstantExpression() throws(DecodingError) -> ConstantExpression {
        var instructions: [Instruction] = []
        var depth = 0
        while true {
            let instruction = try cursor.readInstruction()
            switch instruction {
            case .block, .loop, .if: depth += 1
            case .end:
                if depth == 0 { return ConstantExpression(instructions: instructions) }
                depth -= 1
            default: break
            }
            instructions.append(instruction)
        }
    }
}
