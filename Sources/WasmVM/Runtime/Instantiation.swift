extension InstanceStorage {
    /// The spec's instantiation: resolve imports, allocate, evaluate initialisers, run active segments and the
    /// start function.
    static func instantiate(_ module: Module, imports: Imports, store: Store) throws(InstantiationError) -> InstanceStorage {
        let def = module.definition
        let instance = InstanceStorage(module: module)

        // 1. Imports, in order, each checked against its declared type.
        var functionIndex = 0
        for entry in def.imports {
            guard let definition = imports.lookup(module: entry.module, name: entry.name) else {
                throw .unlinkable("unknown import \"\(entry.module)\".\"\(entry.name)\"")
            }
            func incompatible() -> InstantiationError {
                .unlinkable("incompatible import type for \"\(entry.module)\".\"\(entry.name)\"")
            }
            switch (entry.descriptor, definition) {
            case (.function(let typeIndex), .host), (.function(let typeIndex), .external(.function)):
                guard let function = functionImport(typeIndex: typeIndex, definition, module: module, store: store)
                else { throw incompatible() }
                instance.functionSpace[functionIndex] = function
                functionIndex += 1
            case (.table(let type), .external(.table(let table))):
                let record = table.storage.record.pointee
                guard record.elementType == type.elementType,
                      limitsMatch(actualMin: UInt64(record.count), actualMax: record.maximum.map(UInt64.init), type.limits)
                else { throw incompatible() }
                instance.tableSpace[instance.tables.count] = table.storage.record
                instance.tables.append(table.storage)
            case (.memory(let type), .external(.memory(let memory))):
                let record = memory.record.pointee
                let declaredMax = memory.storage.declaredMax
                guard limitsMatch(actualMin: UInt64(record.byteCount / wasmPageSize), actualMax: declaredMax, type.limits)
                else { throw incompatible() }
                instance.memories.append(memory.storage)
            case (.global(let type), .external(.global(let global))):
                guard global.storage.type == type else { throw incompatible() }
                instance.globalSpace[instance.globals.count] = global.storage.cell
                instance.globals.append(global.storage)
            default:
                throw incompatible()
            }
        }

        // 2. The module's own functions.
        instance.initializeOwnFunctions()

        // 3. Tables, memories and globals.
        for type in def.tables {
            let storage = try TableStorage(type: type)
            instance.tableSpace[instance.tables.count] = storage.record
            instance.tables.append(storage)
        }
        for type in def.memories {
            instance.memories.append(try MemoryStorage(type: type))
        }
        instance.bindDefaultMemory()
        for global in def.globals {
            let storage = GlobalStorage(type: global.type)
            let value = try instance.evaluate(global.initializer)
            storage.cell[0] = value.low
            storage.cell[1] = value.high
            instance.globalSpace[instance.globals.count] = storage.cell
            instance.globals.append(storage)
        }
        // Tables may declare an initial value (Wasm 3.0); in 2.0 they start null, as allocated.

        // 4. Element segments are evaluated once; active ones are copied into their table, then dropped
        //    together with declarative ones.
        for segment in def.elements {
            instance.elementSegments.append(try instance.evaluateElements(segment))
        }
        store.instances.append(instance)

        for (index, segment) in def.elements.enumerated() {
            switch segment.mode {
            case .active(let table, let offsetExpression):
                let offset = try instance.evaluate(offsetExpression).low
                do {
                    try instance.tableInit(table: Int(table), segment: index,
                                           destination: UInt64(UInt32(truncatingIfNeeded: offset)), source: 0,
                                           count: UInt64(instance.elementSegments[index].count))
                } catch { throw .trapped(error) }
                instance.droppedElements[index] = true
            case .declarative:
                instance.droppedElements[index] = true
            case .passive:
                break
            }
        }
        for (index, segment) in def.data.enumerated() {
            guard case .active(let memory, let offsetExpression) = segment.mode else { continue }
            let offset = try instance.evaluate(offsetExpression).low
            do {
                try instance.memoryInit(memory: Int(memory), segment: index,
                                        destination: UInt64(UInt32(truncatingIfNeeded: offset)), source: 0,
                                        count: UInt64(segment.range.count))
            } catch { throw .trapped(error) }
            instance.droppedData[index] = true
        }

        // 5. The start function.
        if let start = def.start {
            do { _ = try store.invoke(instance.functionSpace[Int(start)], []) } catch { throw .trapped(error) }
        }
        return instance
    }

    /// Import subtyping of limits: at least the declared minimum, and a maximum no larger than declared.
    private static func limitsMatch(actualMin: UInt64, actualMax: UInt64?, _ declared: Limits) -> Bool {
        guard actualMin >= declared.min else { return false }
        if let declaredMax = declared.max {
            guard let actualMax, actualMax <= declaredMax else { return false }
        }
        return true
    }

    /// Evaluates a constant expression (the 2.0 forms plus extended-const arithmetic) to raw words.
    func evaluate(_ expression: ConstantExpression) throws(InstantiationError) -> V128 {
        var stack: [V128] = []
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const(let v): stack.append(V128(low: UInt64(v), high: 0))
            case .i64Const(let v): stack.append(V128(low: v, high: 0))
            case .f32Const(let v): stack.append(V128(low: UInt64(v), high: 0))
            case .f64Const(let v): stack.append(V128(low: v, high: 0))
            case .v128Const(let v): stack.append(v)
            case .refNull: stack.append(.zero)
            case .refFunc(let index):
                stack.append(V128(low: ReferenceEncoding.funcRef(functionSpace[Int(index)]), high: 0))
            case .globalGet(let index):
                let cell = globalSpace[Int(index)]
                stack.append(V128(low: cell[0], high: cell[1]))
            case .numeric(let op) where stack.count >= 2:
                let b = stack.removeLast().low, a = stack.removeLast().low
                let result: UInt64
                switch op {
                case .i32Add: result = UInt64(UInt32(truncatingIfNeeded: a &+ b))
                case .i32Sub: result = UInt64(UInt32(truncatingIfNeeded: a &- b))
                case .i32Mul: result = UInt64(UInt32(truncatingIfNeeded: a) &* UInt32(truncatingIfNeeded: b))
                case .i64Add: result = a &+ b
                case .i64Sub: result = a &- b
                case .i64Mul: result = a &* b
                default: throw .unlinkable("unsupported constant expression")
                }
                stack.append(V128(low: result, high: 0))
            default:
                throw .unlinkable("unsupported constant expression")
            }
        }
        guard let value = stack.last else { throw .unlinkable("empty constant expression") }
        return value
    }
}

// MARK: - Steps shared with snapshot restore (Sources/WasmVM/Snapshot/SnapshotRestore.swift)

extension InstanceStorage {
    /// The entry a function import resolves to, or nil if `definition` is not a function of the import's type.
    /// A host function gets its record in `store`, so it lives as long as the store.
    static func functionImport(typeIndex: UInt32, _ definition: Imports.Definition, module: Module,
                               store: Store) -> UnsafeMutablePointer<FunctionEntry>? {
        switch definition {
        case .host(let host):
            guard host.type == module.definition.types[Int(typeIndex)] else { return nil }
            return store.function(host).entry
        case .external(.function(let function)):
            guard function.entry.pointee.typeID == module.typeIDs[Int(typeIndex)] else { return nil }
            return function.entry
        case .external:
            return nil
        }
    }

    /// Creates the entries of the module's own functions and puts them in the function index space. They share
    /// the module's (lazily) translated code, so neither instantiation nor restore translates anything.
    func initializeOwnFunctions() {
        let def = module.definition
        for (i, typeIndex) in def.functionTypeIndices.enumerated() {
            (ownEntries + i).initialize(to: FunctionEntry(
                typeID: module.typeIDs[Int(typeIndex)], code: module.compiled + i, context: context,
                host: nil, functionIndex: UInt32(def.importedFunctionCount + i)))
            functionSpace[def.importedFunctionCount + i] = ownEntries + i
        }
    }

    /// Points the interpreter's context at memory 0, or at the shared empty record when there is none (so
    /// memory instructions need no "has a memory" check).
    func bindDefaultMemory() {
        context.pointee.memory = memories.first?.record ?? Interpreter.noMemory
    }

    /// An element segment's items: its constant initialisers evaluated against this instance.
    func evaluateElements(_ segment: ElementSegment) throws(InstantiationError) -> [UInt64] {
        var items: [UInt64] = []
        items.reserveCapacity(segment.initializers.count)
        for expression in segment.initializers { items.append(try evaluate(expression).low) }
        return items
    }
}
