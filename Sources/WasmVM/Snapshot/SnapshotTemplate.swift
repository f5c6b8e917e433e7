/// A verified, decoded snapshot, ready to restore instances from: build it once, restore many times.
///
/// Creating a template does all the work that does not depend on the instance: it verifies the file (checksum,
/// versions, module identity), decompresses the payload once, writes the memory image into a sealed in-memory
/// file, and decodes globals and tables. ``Store/restore(_:imports:)`` then only allocates the instance and maps
/// the memory image copy-on-write, in microseconds whatever the memory size. Templates are immutable and
/// `Sendable`: one template serves every thread and every store of a process.
public final class SnapshotTemplate: Sendable {
    /// The module the snapshot was verified against.
    public let module: Module
    /// The header of the verified file.
    public let header: SnapshotHeader
    /// The embedder's extension sections, in the order they were written.
    public let extensions: [SnapshotExtension]

    struct GlobalState: Sendable {
        var low: UInt64
        var high: UInt64
    }
    struct TableState: Sendable {
        var elementType: ReferenceType
        var maximum: Int?
        /// Encoded references: for funcref tables, function index + 1 (0 = null); for externref, the raw word.
        var elements: [UInt64]
    }
    struct MemoryState: Sendable {
        var image: MemoryImage
        var declaredMax: UInt64?
    }

    /// Every global of the index space; funcref cells hold the encoded index.
    let globals: [GlobalState]
    /// The instance's own tables (imported tables cannot be captured).
    let tables: [TableState]
    /// The instance's own memories.
    let memories: [MemoryState]
    let droppedData: [Bool]
    let droppedElements: [Bool]

    /// Verifies `snapshot` and checks that it was taken from `module`.
    public init(_ snapshot: Snapshot, module: Module) throws(SnapshotError) {
        let header = try snapshot.verifiedHeader()
        let moduleHash = module.sha256
        guard header.moduleHash == moduleHash else {
            throw .moduleMismatch(snapshotModule: SHA256.hexString(header.moduleHash), givenModule: SHA256.hexString(moduleHash))
        }
        self.module = module
        self.header = header
        let payload = try snapshot.decompressedPayload(header)
        // The memory images are written into their files while the payload is in scope; nothing keeps it after.
        let decoded = try payload.withUnsafeBytes { bytes in
            Result { () throws(SnapshotError) in
                var decoder = SnapshotPayloadDecoder(module: module)
                try decoder.decode(bytes)
                return decoder
            }
        }.get()
        globals = decoded.globals
        tables = decoded.tables
        memories = decoded.memories
        droppedData = decoded.droppedData
        droppedElements = decoded.droppedElements
        extensions = decoded.extensions
    }

    /// The bytes of the first extension named `name`, if any.
    public func `extension`(named name: String) -> [UInt8]? {
        extensions.first { $0.name == name }?.bytes
    }

    /// Total bytes of the memory images (the size each restored memory starts at).
    public var memoryByteCounts: [Int] { memories.map(\.image.byteCount) }
}

/// Decodes and checks the payload's sections against the module.
private struct SnapshotPayloadDecoder {
    let module: Module
    var globals: [SnapshotTemplate.GlobalState] = []
    var tables: [SnapshotTemplate.TableState] = []
    var memories: [SnapshotTemplate.MemoryState] = []
    var droppedData: [Bool] = []
    var droppedElements: [Bool] = []
    var extensions: [SnapshotExtension] = []

    init(module: Module) { self.module = module }

    mutating func decode(_ payload: UnsafeRawBufferPointer) throws(SnapshotError) {
        let def = module.definition
        var reader = SnapshotReader(payload)
        var expected: [SnapshotSectionID] = [.layout, .globals, .tables, .memories, .segments]
        while !reader.isAtEnd {
            guard let id = SnapshotSectionID(rawValue: try reader.u8()) else { throw .corrupt("unknown section id") }
            let length = try reader.count(limit: payload.count)
            let body = try reader.take(length)
            var section = SnapshotReader(payload, from: body.baseAddress! - payload.baseAddress!, to: body.baseAddress! - payload.baseAddress! + length)
            if id == .extension {
                guard expected.isEmpty else { throw .corrupt("extension section before the instance sections") }
                extensions.append(try SnapshotExtension(reading: &section))
            } else {
                guard id == expected.first else { throw .corrupt("section \(id) out of order") }
                expected.removeFirst()
                switch id {
                case .layout: try decodeLayout(&section, def)
                case .globals: try decodeGlobals(&section, def)
                case .tables: try decodeTables(&section, def)
                case .memories: try decodeMemories(&section, def)
                case .segments: try decodeSegments(&section, def)
                case .extension: break
                }
            }
            guard section.isAtEnd else { throw .corrupt("section \(id) has trailing bytes") }
        }
        guard expected.isEmpty else { throw .corrupt("missing section \(expected[0])") }
    }

    private func decodeLayout(_ r: inout SnapshotReader, _ def: ModuleDefinition) throws(SnapshotError) {
        let counts = [try r.u32(), try r.u32(), try r.u32(), try r.u32(), try r.u32(), try r.u32()]
        let actual = [def.functionTypeIndexSpace.count, def.tableTypeIndexSpace.count, def.memoryTypeIndexSpace.count,
                      def.globalTypeIndexSpace.count, def.data.count, def.elements.count].map { UInt32($0) }
        guard counts == actual else { throw .corrupt("index space sizes \(counts) do not match the module's \(actual)") }
        guard def.importedTableCount == 0, def.importedMemoryCount == 0 else {
            throw .corrupt("the module imports a table or memory, which a snapshot cannot hold")
        }
    }

    private mutating func decodeGlobals(_ r: inout SnapshotReader, _ def: ModuleDefinition) throws(SnapshotError) {
        for type in def.globalTypeIndexSpace {
            guard try r.u8() == SnapshotValueTypeCode.code(of: type.valueType) else { throw .corrupt("global type differs") }
            let global = SnapshotTemplate.GlobalState(low: try r.u64(), high: try r.u64())
            if type.valueType == .funcref { try checkFunctionReference(global.low, def) }
            globals.append(global)
        }
    }

    private mutating func decodeTables(_ r: inout SnapshotReader, _ def: ModuleDefinition) throws(SnapshotError) {
        for type in def.tables {
            guard let elementType = ReferenceType(rawValue: try r.u8()), elementType == type.elementType else {
                throw .corrupt("table type differs")
            }
            let count = try r.count(limit: 10_000_000)
            let hasMaximum = try r.u8() != 0
            let maximum = try r.count(limit: Int(UInt32.max))
            let raw = try r.take(count * 8)
            var elements = [UInt64](repeating: 0, count: count)
            elements.withUnsafeMutableBytes { $0.copyMemory(from: raw) }
            for i in 0..<count {
                elements[i] = UInt64(littleEndian: elements[i])
                if elementType == .funcRef { try checkFunctionReference(elements[i], def) }
            }
            tables.append(SnapshotTemplate.TableState(elementType: elementType, maximum: hasMaximum ? maximum : nil,
                                                      elements: elements))
        }
    }

    private mutating func decodeMemories(_ r: inout SnapshotReader, _ def: ModuleDefinition) throws(SnapshotError) {
        for type in def.memories {
            let byteCount = try r.count(limit: 65536 * wasmPageSize)
            let hasMaximum = try r.u8() != 0
            let declaredMax = try r.u64()
            let maximumPages = Int(min(type.limits.max ?? 65536, 65536))
            guard byteCount % wasmPageSize == 0, byteCount / wasmPageSize <= maximumPages,
                  UInt64(byteCount / wasmPageSize) >= type.limits.min
            else { throw .corrupt("memory size \(byteCount) does not fit the memory's type") }
            let runCount = try r.count(limit: byteCount / SnapshotFormat.memoryChunkSize)
            var runs: [(offset: Int, bytes: UnsafeRawBufferPointer)] = []
            runs.reserveCapacity(runCount)
            var end = 0
            for _ in 0..<runCount {
                let offset = try r.count(limit: byteCount)
                let length = try r.count(limit: byteCount)
                guard offset >= end, offset + length <= byteCount else { throw .corrupt("memory run out of order or bounds") }
                runs.append((offset, try r.take(length)))
                end = offset + length
            }
            memories.append(SnapshotTemplate.MemoryState(
                image: try MemoryImage(byteCount: byteCount, runs: runs), declaredMax: hasMaximum ? declaredMax : nil))
        }
    }

    private mutating func decodeSegments(_ r: inout SnapshotReader, _ def: ModuleDefinition) throws(SnapshotError) {
        guard Int(try r.u32()) == def.data.count else { throw .corrupt("data segment count differs") }
        for _ in 0..<def.data.count { droppedData.append(try r.u8() != 0) }
        guard Int(try r.u32()) == def.elements.count else { throw .corrupt("element segment count differs") }
        for _ in 0..<def.elements.count { droppedElements.append(try r.u8() != 0) }
    }

    private func checkFunctionReference(_ encoded: UInt64, _ def: ModuleDefinition) throws(SnapshotError) {
        guard encoded <= UInt64(def.functionTypeIndexSpace.count) else {
            throw .corrupt("function reference \(encoded - 1) is outside the function index space")
        }
    }
}
