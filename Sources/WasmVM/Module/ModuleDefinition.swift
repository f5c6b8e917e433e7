/// Everything the decoder reads out of a module binary, with no runtime state.
///
/// Function bodies are not decoded into instructions here: each keeps the byte range of its code, so a large
/// module (php-cgi.wasm is 7.8 MB, Drupal-sized builds 26 MB) is decoded in one pass over the section headers.
/// The validator and the translator stream instructions out of these ranges with `InstructionReader`.
struct ModuleDefinition: Sendable {
    var types: [FunctionType] = []
    var imports: [Import] = []
    /// Type indices of the functions defined in the module (the function section).
    var functionTypeIndices: [UInt32] = []
    var tables: [TableType] = []
    var memories: [MemoryType] = []
    var globals: [GlobalDefinition] = []
    var exports: [Export] = []
    var start: UInt32?
    var elements: [ElementSegment] = []
    var data: [DataSegment] = []
    var dataCount: UInt32?
    var functionBodies: [FunctionBody] = []
    var customSections: [CustomSection] = []
    /// Names from the `name` custom section (used in traps and stack traces), if present and well-formed.
    var names: NameMap = NameMap()
    /// The whole binary; function bodies and data segments refer into it by offset.
    var bytes: [UInt8] = []

    // Index spaces: imports come first, then the module's own definitions.
    var importedFunctionCount = 0
    var importedTableCount = 0
    var importedMemoryCount = 0
    var importedGlobalCount = 0

    /// Type index of every function in the function index space (imported, then defined).
    var functionTypeIndexSpace: [UInt32] = []
    /// Type of every table in the table index space.
    var tableTypeIndexSpace: [TableType] = []
    /// Type of every memory in the memory index space.
    var memoryTypeIndexSpace: [MemoryType] = []
    /// Type of every global in the global index space.
    var globalTypeIndexSpace: [GlobalType] = []

    /// Fills the `*IndexSpace` arrays and import counts from the imports and definitions.
    mutating func buildIndexSpaces() {
        functionTypeIndexSpace = []
        tableTypeIndexSpace = []
        memoryTypeIndexSpace = []
        globalTypeIndexSpace = []
        for entry in imports {
            switch entry.descriptor {
            case .function(let t): functionTypeIndexSpace.append(t)
            case .table(let t): tableTypeIndexSpace.append(t)
            case .memory(let m): memoryTypeIndexSpace.append(m)
            case .global(let g): globalTypeIndexSpace.append(g)
            }
        }
        importedFunctionCount = functionTypeIndexSpace.count
        importedTableCount = tableTypeIndexSpace.count
        importedMemoryCount = memoryTypeIndexSpace.count
        importedGlobalCount = globalTypeIndexSpace.count
        functionTypeIndexSpace += functionTypeIndices
        tableTypeIndexSpace += tables
        memoryTypeIndexSpace += memories
        globalTypeIndexSpace += globals.map(\.type)
    }
}

public struct Import: Hashable, Sendable {
    public var module: String
    public var name: String
    public var descriptor: ImportDescriptor
}

public enum ImportDescriptor: Hashable, Sendable {
    case function(typeIndex: UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)

    public var kind: ExternalKind {
        switch self {
        case .function: .function
        case .table: .table
        case .memory: .memory
        case .global: .global
        }
    }
}

public struct Export: Hashable, Sendable {
    public var name: String
    public var kind: ExternalKind
    public var index: UInt32
}

/// A constant expression (global initialisers, segment offsets, element items), without its final `end`.
struct ConstantExpression: Hashable, Sendable {
    var instructions: [Instruction]
}

struct GlobalDefinition: Hashable, Sendable {
    var type: GlobalType
    var initializer: ConstantExpression
}

struct ElementSegment: Hashable, Sendable {
    enum Mode: Hashable, Sendable {
        case passive
        case active(table: UInt32, offset: ConstantExpression)
        case declarative
    }
    var type: ReferenceType
    /// One constant expression per element (`ref.func i` for the function-index encodings).
    var initializers: [ConstantExpression]
    var mode: Mode
}

struct DataSegment: Hashable, Sendable {
    enum Mode: Hashable, Sendable {
        case passive
        case active(memory: UInt32, offset: ConstantExpression)
    }
    /// Byte range of the segment's contents within `ModuleDefinition.bytes`.
    var range: Range<Int>
    var mode: Mode
}

/// A run of `count` locals of one type, as declared in a function body.
struct LocalDeclaration: Hashable, Sendable {
    var count: UInt32
    var type: ValueType
}

struct FunctionBody: Hashable, Sendable {
    var locals: [LocalDeclaration]
    /// Byte range of the instruction sequence (everything after the local declarations, up to and including
    /// the final `end`) within `ModuleDefinition.bytes`.
    var code: Range<Int>
}

public struct CustomSection: Hashable, Sendable {
    public var name: String
    /// Byte range of the section's payload (after its name) within the module binary.
    public var range: Range<Int>
}

/// Names from the `name` custom section.
struct NameMap: Hashable, Sendable {
    var moduleName: String?
    var functionNames: [UInt32: String] = [:]
}
