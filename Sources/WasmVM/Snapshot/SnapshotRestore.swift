extension Store {
    /// Restores an instance from a template: the state captured by ``Instance/snapshot(extensions:)``, with
    /// host function imports (and immutable global imports) supplied again by `imports`.
    ///
    /// Neither segment initialisation nor the start function runs: the instance continues exactly where the
    /// snapshotted one was. The memory is mapped copy-on-write from the template, so this takes microseconds
    /// whatever the memory size, and instances restored from one template never see each other's writes.
    public func restore(_ template: SnapshotTemplate, imports: Imports = Imports()) throws(SnapshotError) -> Instance {
        let storage = try InstanceStorage.restore(template, imports: imports, store: self)
        return Instance(storage: storage, store: self)
    }

    /// Verifies `snapshot` against `module` and restores it. To restore a snapshot more than once, build a
    /// ``SnapshotTemplate`` once and use ``restore(_:imports:)``: verification and decompression are the
    /// expensive part.
    public func restore(_ snapshot: Snapshot, module: Module, imports: Imports = Imports()) throws(SnapshotError) -> Instance {
        try restore(SnapshotTemplate(snapshot, module: module), imports: imports)
    }
}

extension InstanceStorage {
    static func restore(_ template: SnapshotTemplate, imports: Imports, store: Store) throws(SnapshotError) -> InstanceStorage {
        let module = template.module
        let def = module.definition
        // The store's per-request memory cap applies to a restored memory as to an instantiated one (growing is
        // checked against it as usual, in `memory.grow`); checked first, so nothing is allocated for a refusal.
        if let limit = store.memoryPageLimit {
            for (index, captured) in template.memories.enumerated() where captured.image.byteCount / wasmPageSize > limit {
                throw .memoryLimitExceeded(memoryIndex: def.importedMemoryCount + index,
                                           pages: captured.image.byteCount / wasmPageSize, limit: limit)
            }
        }
        let instance = InstanceStorage(module: module)

        // 1. Imports: only host functions and immutable globals can occur (capture rejects the rest).
        var functionIndex = 0
        for entry in def.imports {
            // Built only for an error message: restore is on the per-request path.
            var name: String { "\"\(entry.module)\".\"\(entry.name)\"" }
            guard let definition = imports.lookup(module: entry.module, name: entry.name) else {
                throw .unlinkable("unknown import \(name)")
            }
            switch (entry.descriptor, definition) {
            case (.function(let typeIndex), .host), (.function(let typeIndex), .external(.function)):
                guard let function = functionImport(typeIndex: typeIndex, definition, module: module, store: store) else {
                    throw .unlinkable("incompatible import type for \(name)")
                }
                // As at capture: a Wasm function of another instance would tie this one to state outside it.
                guard function.pointee.host != nil else {
                    throw .unlinkable("import \(name) is a WebAssembly function of another instance; only host "
                        + "functions can be supplied to a restored instance")
                }
                instance.functionSpace[functionIndex] = function
                functionIndex += 1
            case (.global(let type), .external(.global(let global))):
                let index = instance.globals.count
                let captured = template.globals[index]
                let cell = global.storage.cell
                guard global.storage.type == type else { throw .unlinkable("incompatible import type for \(name)") }
                // The snapshot's state may have been computed from the global's value: it must be the same.
                guard cell[0] == captured.low, type.valueType != .v128 || cell[1] == captured.high else {
                    throw .unlinkable("global import \(name) has a different value than when the snapshot was taken")
                }
                instance.globalSpace[index] = cell
                instance.globals.append(global.storage)
            default:
                throw .unlinkable("import \(name) cannot be supplied to a restored instance (only host functions and "
                    + "immutable globals can)")
            }
        }

        // 2. The module's own functions, exactly as instantiation makes them.
        instance.initializeOwnFunctions()
        let functions = instance.functionSpace
        @inline(__always) func decodeFunctionReference(_ encoded: UInt64) -> UInt64 {
            encoded == 0 ? 0 : ReferenceEncoding.funcRef(functions[Int(encoded - 1)])
        }

        // 3. Tables, memories and globals with the captured contents.
        for (index, captured) in template.tables.enumerated() {
            let type = TableType(elementType: captured.elementType,
                                 limits: Limits(min: UInt64(captured.elements.count), max: captured.maximum.map(UInt64.init)))
            let storage: TableStorage
            do { storage = try TableStorage(type: type) } catch { throw .resourceExhausted(error.description) }
            let elements = storage.record.pointee.elements
            if captured.elementType == .funcRef {
                for (i, encoded) in captured.elements.enumerated() { elements[i] = decodeFunctionReference(encoded) }
            } else {
                captured.elements.withUnsafeBufferPointer { elements.update(from: $0.baseAddress!, count: $0.count) }
            }
            instance.tableSpace[def.importedTableCount + index] = storage.record
            instance.tables.append(storage)
        }
        for (index, captured) in template.memories.enumerated() {
            // A zero-page memory of the module's type (the same reservation instantiation makes), then the image
            // mapped over its start; growing later commits pages beyond it as usual.
            let type = def.memories[index]
            let storage: MemoryStorage
            do { storage = try MemoryStorage(type: MemoryType(limits: Limits(min: 0, max: type.limits.max))) }
            catch { throw .resourceExhausted(error.description) }
            guard captured.image.byteCount <= storage.record.pointee.reservedBytes else {
                throw .resourceExhausted("memory image larger than the memory's reservation")
            }
            try captured.image.map(at: storage.record.pointee.base)
            storage.record.pointee.byteCount = captured.image.byteCount
            instance.memories.append(storage)
        }
        instance.bindDefaultMemory()
        for (index, global) in def.globals.enumerated() {
            let globalIndex = def.importedGlobalCount + index
            let captured = template.globals[globalIndex]
            let storage = GlobalStorage(type: global.type)
            storage.cell[0] = global.type.valueType == .funcref ? decodeFunctionReference(captured.low) : captured.low
            storage.cell[1] = captured.high
            instance.globalSpace[globalIndex] = storage.cell
            instance.globals.append(storage)
        }

        // 4. Segments: the dropped flags as captured; the passive segments still alive are evaluated again
        //    (their initialisers are constant: function references and immutable globals).
        instance.droppedData = template.droppedData
        instance.droppedElements = template.droppedElements
        for (index, segment) in def.elements.enumerated() {
            guard !template.droppedElements[index] else {
                instance.elementSegments.append([])
                continue
            }
            do { instance.elementSegments.append(try instance.evaluateElements(segment)) }
            catch { throw .unlinkable("element segment \(index): \(error.description)") }
        }
        store.instances.append(instance)
        return instance
    }
}
