/// What a function body is checked against: the spec's context C (types, functions, tables, memories, globals,
/// element and data segments, declared function references), extracted once per module into compact arrays.
struct ValidationContext: Sendable {
    /// Every parameter and result list of the module's function types, back to back. The first seven entries are
    /// the single value types, so a `[] -> [t]` block type is a one-element range there and needs no lookup.
    var typeLists: [OperandType]
    /// The signature of each type in the type section, by type index.
    var signatures: [BlockSignature]
    /// Type index of each function in the function index space.
    var functionTypeIndices: [UInt32]
    /// Each global in the global index space.
    var globals: [GlobalInfo]
    /// Element type of each table in the table index space.
    var tableTypes: [OperandType]
    var memoryCount: Int
    /// Element type of each element segment.
    var elementTypes: [OperandType]
    /// The count from the data count section; `nil` when the module has none (then `memory.init` and `data.drop`
    /// are invalid).
    var dataCount: UInt32?
    /// `declaredFunctions[f]` is true when function `f` is in C.refs (referenced from an element segment, an
    /// export or a global initialiser), which `ref.func f` in a body requires.
    var declaredFunctions: [Bool]

    struct GlobalInfo: Sendable {
        var type: OperandType
        var isMutable: Bool
    }

    /// The value types whose single-result block signatures live at the start of `typeLists`.
    private static let singleValueTypes: [OperandType] = [.i32, .i64, .f32, .f64, .v128, .funcRef, .externRef]

    /// Builds the context of a module whose index spaces have been built (`buildIndexSpaces`).
    init(module: ModuleDefinition, declaredFunctions: [Bool]) {
        var typeLists = Self.singleValueTypes
        var signatures: [BlockSignature] = []
        signatures.reserveCapacity(module.types.count)
        for type in module.types {
            let parameterStart = Int32(typeLists.count)
            typeLists.append(contentsOf: type.parameters.lazy.map(OperandType.init))
            let resultStart = Int32(typeLists.count)
            typeLists.append(contentsOf: type.results.lazy.map(OperandType.init))
            signatures.append(BlockSignature(
                parameterStart: parameterStart, parameterCount: Int32(type.parameters.count),
                resultStart: resultStart, resultCount: Int32(type.results.count)))
        }
        self.typeLists = typeLists
        self.signatures = signatures
        functionTypeIndices = module.functionTypeIndexSpace
        globals = module.globalTypeIndexSpace.map {
            GlobalInfo(type: OperandType($0.valueType), isMutable: $0.mutability == .variable)
        }
        tableTypes = module.tableTypeIndexSpace.map { OperandType($0.elementType) }
        memoryCount = module.memoryTypeIndexSpace.count
        elementTypes = module.elements.map { OperandType($0.type) }
        dataCount = module.dataCount
        self.declaredFunctions = declaredFunctions
    }

    /// The signature of a `block`/`loop`/`if` type; `nil` for an out-of-range type index.
    @inline(__always)
    func signature(of blockType: BlockType) -> BlockSignature? {
        switch blockType {
        case .empty:
            return .empty
        case .value(let type):
            // The single value types sit at typeLists[0..<7] in OperandType order.
            return BlockSignature(parameterStart: 0, parameterCount: 0,
                                  resultStart: Int32(OperandType(type).rawValue), resultCount: 1)
        case .typeIndex(let index):
            guard Int(index) < signatures.count else { return nil }
            return signatures[Int(index)]
        }
    }
}
