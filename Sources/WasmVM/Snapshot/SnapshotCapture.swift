extension Instance {
    /// Captures the instance's state — memories, globals, tables, dropped segments — as a snapshot file.
    ///
    /// The instance must be quiescent (not in the middle of a call). Host function imports are fine: they
    /// are supplied again at restore. State that lives outside the instance cannot be captured and is named
    /// in a ``SnapshotError/notCapturable(_:)`` error: imported memories and tables, mutable imported globals,
    /// functions imported from another Wasm instance, and table or global references to functions that are not
    /// in this instance's function index space.
    ///
    /// `extensions` are stored verbatim (for example the WASI context, see ``SnapshotExtension``).
    public func snapshot(extensions: [SnapshotExtension] = []) throws(SnapshotError) -> Snapshot {
        guard store.frameTop == nil, store.valueTop == nil else { throw .notQuiescent }
        var capture = SnapshotCapture(storage)
        let payload = try capture.payload(extensions: extensions)
        let compressed = try SnapshotCompression.compress(payload)

        var file = SnapshotWriter()
        file.bytes.reserveCapacity(SnapshotFormat.headerSize + compressed.count + SnapshotFormat.trailerSize)
        file.raw(SnapshotFormat.magic)
        file.u32(SnapshotFormat.formatVersion)
        file.u32(SnapshotFormat.engineVersion)
        file.raw(module.sha256)
        file.u64(payload.count)
        file.u64(compressed.count)
        file.raw(compressed)
        file.raw(SHA256.hash(file.bytes))
        return Snapshot(bytes: file.bytes)
    }
}

/// Serializes one instance's state into the (uncompressed) payload sections.
struct SnapshotCapture {
    let instance: InstanceStorage
    let definition: ModuleDefinition
    /// Imported functions by entry address → function index (own functions are found by address range).
    var importedFunctionIndices: [UInt: UInt32] = [:]

    init(_ instance: InstanceStorage) {
        self.instance = instance
        definition = instance.module.definition
    }

    mutating func payload(extensions: [SnapshotExtension]) throws(SnapshotError) -> [UInt8] {
        try checkImports()
        var writer = SnapshotWriter()
        try writer.section(.layout) { w throws(SnapshotError) in
            w.u32(UInt32(definition.functionTypeIndexSpace.count))
            w.u32(UInt32(definition.tableTypeIndexSpace.count))
            w.u32(UInt32(definition.memoryTypeIndexSpace.count))
            w.u32(UInt32(definition.globalTypeIndexSpace.count))
            w.u32(UInt32(definition.data.count))
            w.u32(UInt32(definition.elements.count))
        }
        try writer.section(.globals) { w throws(SnapshotError) in
            for (index, type) in definition.globalTypeIndexSpace.enumerated() {
                let cell = instance.globalSpace[index]
                w.u8(SnapshotValueTypeCode.code(of: type.valueType))
                if type.valueType == .funcref {
                    w.u64(try encodeFunctionReference(cell[0], at: "global \(index)"))
                    w.u64(0)
                } else {
                    w.u64(cell[0])
                    w.u64(type.valueType == .v128 ? cell[1] : 0)
                }
            }
        }
        try writer.section(.tables) { w throws(SnapshotError) in
            for index in definition.importedTableCount..<definition.tableTypeIndexSpace.count {
                let table = instance.tableSpace[index].pointee
                w.u8(table.elementType.rawValue)
                w.u64(table.count)
                w.u8(table.maximum == nil ? 0 : 1)
                w.u64(table.maximum ?? 0)
                for element in 0..<table.count {
                    let raw = table.elements[element]
                    if table.elementType == .funcRef {
                        w.u64(try encodeFunctionReference(raw, at: "table \(index) element \(element)"))
                    } else {
                        w.u64(raw)  // externref: the host's number + 1, 0 for null (see ReferenceEncoding)
                    }
                }
            }
        }
        try writer.section(.memories) { w throws(SnapshotError) in
            for memory in instance.memories.dropFirst(definition.importedMemoryCount) {
                Self.writeMemory(memory, to: &w)
            }
        }
        try writer.section(.segments) { w throws(SnapshotError) in
            w.u32(UInt32(instance.droppedData.count))
            for dropped in instance.droppedData { w.u8(dropped ? 1 : 0) }
            w.u32(UInt32(instance.droppedElements.count))
            for dropped in instance.droppedElements { w.u8(dropped ? 1 : 0) }
        }
        for item in extensions {
            try writer.section(.extension) { w throws(SnapshotError) in
                let name = Array(item.name.utf8)
                w.u32(UInt32(name.count))
                w.raw(name)
                w.u64(item.bytes.count)
                w.raw(item.bytes)
            }
        }
        return writer.bytes
    }

    /// Rejects imports whose state lives outside the instance, and indexes the imported host functions.
    private mutating func checkImports() throws(SnapshotError) {
        var functionIndex = 0
        var globalIndex = 0
        for entry in definition.imports {
            let name = "\"\(entry.module)\".\"\(entry.name)\""
            switch entry.descriptor {
            case .function:
                let function = instance.functionSpace[functionIndex]
                guard function.pointee.host != nil else {
                    throw .notCapturable("function import \(name) is a WebAssembly function of another instance; "
                        + "only host function imports can be supplied again at restore")
                }
                importedFunctionIndices[UInt(bitPattern: function)] = UInt32(functionIndex)
                functionIndex += 1
            case .table:
                throw .notCapturable("table import \(name): an imported table's contents live outside the instance")
            case .memory:
                throw .notCapturable("memory import \(name): an imported memory's contents live outside the instance")
            case .global(let type):
                guard type.mutability == .constant else {
                    throw .notCapturable("mutable global import \(name): its value lives outside the instance")
                }
                if type.valueType == .funcref, instance.globalSpace[globalIndex][0] != 0 {
                    throw .notCapturable("global import \(name) holds a function reference")
                }
                globalIndex += 1
            }
        }
    }

    /// Encodes a funcref as its index in the instance's function index space plus one (0 is null).
    private func encodeFunctionReference(_ raw: UInt64, at place: @autoclosure () -> String) throws(SnapshotError) -> UInt64 {
        guard let entry = ReferenceEncoding.functionEntry(raw) else { return 0 }
        let ownCount = definition.functionBodies.count
        if entry >= instance.ownEntries, entry < instance.ownEntries + ownCount {
            return UInt64(definition.importedFunctionCount + (entry - instance.ownEntries)) + 1
        }
        if let index = importedFunctionIndices[UInt(bitPattern: entry)] { return UInt64(index) + 1 }
        throw .notCapturable("\(place()) refers to \(Self.describe(entry)), which is not in the instance's "
            + "function index space")
    }

    private static func describe(_ entry: UnsafeMutablePointer<FunctionEntry>) -> String {
        let type = TypeRegistry.shared.type(of: entry.pointee.typeID)
        if entry.pointee.host != nil { return "a host function of type \(type) that is not imported" }
        if let context = entry.pointee.context {
            let owner = context.pointee.instance.takeUnretainedValue()
            let index = entry.pointee.functionIndex
            let name = owner.functionName(index).map { " \"\($0)\"" } ?? ""
            let module = owner.module.name.map { " of module \"\($0)\"" } ?? ""
            return "function \(index)\(name) of type \(type) of another instance\(module)"
        }
        return "an unknown function"
    }

    /// Writes size, maximum, and the runs of non-zero chunks. Zero chunks are skipped: a fresh memory is zero,
    /// and the template image leaves them as holes.
    private static func writeMemory(_ memory: MemoryStorage, to w: inout SnapshotWriter) {
        let record = memory.record.pointee
        w.u64(record.byteCount)
        w.u8(memory.declaredMax == nil ? 0 : 1)
        w.u64(memory.declaredMax ?? 0)
        let chunk = SnapshotFormat.memoryChunkSize
        let chunkCount = record.byteCount / chunk
        var runs: [(start: Int, count: Int)] = []
        var index = 0
        while index < chunkCount {
            guard !isZero(record.base + index * chunk, byteCount: chunk) else { index += 1; continue }
            let start = index
            while index < chunkCount, !isZero(record.base + index * chunk, byteCount: chunk) { index += 1 }
            runs.append((start, index - start))
        }
        w.u64(runs.count)
        for run in runs {
            w.u64(run.start * chunk)
            w.u64(run.count * chunk)
            w.raw(UnsafeRawBufferPointer(start: record.base + run.start * chunk, count: run.count * chunk))
        }
    }

    /// Whether a chunk is all zero, a word at a time.
    private static func isZero(_ pointer: UnsafeRawPointer, byteCount: Int) -> Bool {
        var accumulated: UInt64 = 0
        for offset in stride(from: 0, to: byteCount, by: 8) {
            accumulated |= pointer.load(fromByteOffset: offset, as: UInt64.self)
        }
        return accumulated == 0
    }
}
