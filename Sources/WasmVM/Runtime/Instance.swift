/// An instantiated module: its functions, memories, tables and globals, and its exports.
///
/// ```swift
/// let instance = try store.instantiate(module, imports: imports)
/// let sum = try instance.call("add", [.i32(2), .i32(3)])
/// let memory = instance.exportedMemory("memory")
/// ```
public struct Instance {
    let storage: InstanceStorage
    /// The store the instance lives in.
    public let store: Store

    /// The module this is an instance of.
    public var module: Module { storage.module }

    /// The module's export declarations.
    public var exports: [Export] { storage.module.definition.exports }

    /// An export by name.
    public func export(_ name: String) -> ExternalValue? {
        guard let export = storage.exportsByName[ExactName(name)] else { return nil }
        return storage.external(kind: export.kind, index: export.index, store: store)
    }

    public func exportedFunction(_ name: String) -> Function? {
        if case .function(let f)? = export(name) { return f }
        return nil
    }

    public func exportedMemory(_ name: String) -> Memory? {
        if case .memory(let m)? = export(name) { return m }
        return nil
    }

    public func exportedGlobal(_ name: String) -> Global? {
        if case .global(let g)? = export(name) { return g }
        return nil
    }

    public func exportedTable(_ name: String) -> Table? {
        if case .table(let t)? = export(name) { return t }
        return nil
    }

    /// Memory 0 of the instance, whether exported or not.
    public var defaultMemory: Memory? { storage.memories.first.map { Memory(storage: $0) } }

    /// Calls the exported function `name`.
    public func call(_ name: String, _ arguments: [Value] = []) throws(Trap) -> [Value] {
        guard let function = exportedFunction(name) else {
            throw Trap(.invalidArguments("no exported function named \"\(name)\""))
        }
        return try function.call(arguments)
    }
}

/// The state of one instance. Owned by its store.
final class InstanceStorage {
    let module: Module
    let context: UnsafeMutablePointer<InstanceContext>
    /// Entries of the module's own functions (imports point into other instances or host boxes).
    let ownEntries: UnsafeMutablePointer<FunctionEntry>
    let functionSpace: UnsafeMutablePointer<UnsafeMutablePointer<FunctionEntry>>
    let globalSpace: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    let tableSpace: UnsafeMutablePointer<UnsafeMutablePointer<TableRecord>>
    let typeIDs: UnsafeMutablePointer<Int>
    var memories: [MemoryStorage] = []
    var tables: [TableStorage] = []
    var globals: [GlobalStorage] = []
    /// Segments dropped by `data.drop` / `elem.drop` or after active initialisation.
    var droppedData: [Bool]
    var droppedElements: [Bool]
    /// Evaluated element segments (raw references), kept for `table.init`.
    var elementSegments: [[UInt64]] = []
    let exportsByName: [ExactName: Export]

    init(module: Module) {
        self.module = module
        let def = module.definition
        let functionCount = def.functionTypeIndexSpace.count
        ownEntries = .allocate(capacity: max(def.functionBodies.count, 1))
        functionSpace = .allocate(capacity: max(functionCount, 1))
        globalSpace = .allocate(capacity: max(def.globalTypeIndexSpace.count, 1))
        tableSpace = .allocate(capacity: max(def.tableTypeIndexSpace.count, 1))
        typeIDs = .allocate(capacity: max(module.typeIDs.count, 1))
        for (i, id) in module.typeIDs.enumerated() { typeIDs[i] = id }
        droppedData = Array(repeating: false, count: def.data.count)
        droppedElements = Array(repeating: false, count: def.elements.count)
        var exports: [ExactName: Export] = [:]
        for export in def.exports { exports[ExactName(export.name)] = export }
        exportsByName = exports
        context = .allocate(capacity: 1)
        context.initialize(to: InstanceContext(
            functions: functionSpace, globals: globalSpace, tables: tableSpace, memory: nil, typeIDs: typeIDs,
            instance: Unmanaged.passUnretained(self)))
    }

    deinit {
        ownEntries.deallocate()
        functionSpace.deallocate()
        globalSpace.deallocate()
        tableSpace.deallocate()
        typeIDs.deallocate()
        context.deallocate()
    }

    func external(kind: ExternalKind, index: UInt32, store: Store) -> ExternalValue {
        let i = Int(index)
        switch kind {
        case .function: return .function(Function(entry: functionSpace[i], store: store))
        case .table: return .table(Table(storage: tables[i], store: store))
        case .memory: return .memory(Memory(storage: memories[i]))
        case .global: return .global(Global(storage: globals[i], store: store))
        }
    }

    func functionName(_ index: UInt32) -> String? { module.definition.names.functionNames[index] }
}
