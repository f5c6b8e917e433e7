import WasmVM

/// The section structure of a module binary, read directly from its bytes for `wasmvm inspect`.
///
/// The embedding API exposes what a host needs (imports, exports, function types, custom sections) but not
/// section sizes or the types of defined tables, memories and globals, which only a diagnostic tool wants; so
/// this reader walks the section headers itself and decodes just those three small sections. It runs after
/// `Module(bytes:)` has accepted the binary, so its input is well-formed.
struct SectionLayout {
    struct Section {
        var id: UInt8
        /// Byte offset of the section's payload.
        var offset: Int
        var size: Int
        /// The name of a custom section.
        var customName: String?

        var name: String {
            switch id {
            case 0: "custom \"\(customName ?? "")\""
            case 1: "type"
            case 2: "import"
            case 3: "function"
            case 4: "table"
            case 5: "memory"
            case 6: "global"
            case 7: "export"
            case 8: "start"
            case 9: "element"
            case 10: "code"
            case 11: "data"
            case 12: "datacount"
            default: "unknown (\(id))"
            }
        }
    }

    var sections: [Section] = []
    /// Types of the tables, memories and globals the module defines (not imports).
    var definedTables: [TableType] = []
    var definedMemories: [MemoryType] = []
    var definedGlobals: [GlobalType] = []
    /// Number of functions the module defines (the function section's count).
    var definedFunctionCount = 0

    init(bytes: [UInt8]) {
        var reader = ByteReader(bytes: bytes, position: 8)  // after magic and version
        while !reader.isAtEnd, let id = reader.byte(), let size = reader.leb() {
            let start = reader.position
            let end = min(start + Int(size), bytes.count)
            var payload = ByteReader(bytes: Array(bytes[start..<end]), position: 0)
            var section = Section(id: id, offset: start, size: end - start)
            switch id {
            case 0: section.customName = payload.name()
            case 3: definedFunctionCount = Int(payload.leb() ?? 0)
            case 4: definedTables = payload.vector { $0.tableType() }
            case 5: definedMemories = payload.vector { $0.limits().map(MemoryType.init) }
            case 6: definedGlobals = payload.vector { reader in
                let type = reader.globalType()
                reader.skipConstantExpression()
                return type
            }
            default: break
            }
            sections.append(section)
            reader.position = end
        }
    }
}

/// A cursor over bytes with just the LEB128 and type readers `SectionLayout` needs; nil means truncated.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    var isAtEnd: Bool { position >= bytes.count }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func leb() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = byte() {
            if shift < 64 { result |= UInt64(byte & 0x7f) << shift }
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }

    mutating func name() -> String? {
        guard let length = leb(), position + Int(length) <= bytes.count else { return nil }
        defer { position += Int(length) }
        return String(decoding: bytes[position..<position + Int(length)], as: UTF8.self)
    }

    mutating func vector<T>(_ element: (inout ByteReader) -> T?) -> [T] {
        guard let count = leb() else { return [] }
        var items: [T] = []
        for _ in 0..<count {
            guard let item = element(&self) else { break }
            items.append(item)
        }
        return items
    }

    mutating func limits() -> Limits? {
        guard let flags = byte(), let min = leb() else { return nil }
        // Bit 0: has maximum. (Bit 1, shared memory, and bit 2, memory64, do not change the layout.)
        return Limits(min: min, max: flags & 1 == 1 ? leb() : nil)
    }

    mutating func tableType() -> TableType? {
        guard let code = byte(), let elementType = ReferenceType(rawValue: code), let limits = limits() else { return nil }
        return TableType(elementType: elementType, limits: limits)
    }

    mutating func valueType() -> ValueType? {
        switch byte() {
        case 0x7f: .i32
        case 0x7e: .i64
        case 0x7d: .f32
        case 0x7c: .f64
        case 0x7b: .v128
        case 0x70: .funcref
        case 0x6f: .externref
        default: nil
        }
    }

    mutating func globalType() -> GlobalType? {
        guard let type = valueType(), let mutability = byte() else { return nil }
        return GlobalType(mutability: mutability == 1 ? .variable : .constant, valueType: type)
    }

    /// Skips a constant expression up to and including its `end`.
    mutating func skipConstantExpression() {
        while let opcode = byte() {
            switch opcode {
            case 0x0b: return  // end
            case 0x41, 0x42, 0x23, 0xd2: _ = leb()  // i32.const, i64.const, global.get, ref.func
            case 0x43: position += 4  // f32.const
            case 0x44: position += 8  // f64.const
            case 0xd0: position += 1  // ref.null t
            case 0xfd: _ = leb(); position += 16  // v128.const
            default: break  // extended-const arithmetic has no immediates
            }
        }
    }
}
