import Synchronization

/// A decoded and validated WebAssembly module: immutable, and shareable across threads and stores.
///
/// Creating a `Module` decodes and validates the whole binary; function bodies are translated to the
/// interpreter's bytecode lazily, on each function's first call, and the translation is shared by every
/// instance of the module in every store. So one `Module` of a large guest (php-cgi.wasm) can back many
/// per-request instances, and each pays translation only for the functions it is the first to call.
///
/// ```swift
/// let module = try Module(bytes: Array(try Data(contentsOf: url)))
/// let store = Store()
/// let instance = try store.instantiate(module)
/// let result = try instance.call("fib", [.i32(30)])
/// ```
public final class Module: @unchecked Sendable {
    // @unchecked: the only mutable state is `compiled`, whose entries are written once under
    // `translationLock` and published before any other thread can observe them (see `compiledCode(for:)`).

    let definition: ModuleDefinition
    /// Canonical ids of the type section's types.
    let typeIDs: [Int]
    /// Translation slots of the module's own functions (index = function index - imported function count).
    let compiled: UnsafeMutablePointer<CompiledFunction>
    let translationLock = Mutex<Void>(())

    /// Decodes and validates a module binary.
    public init(bytes: [UInt8]) throws(ModuleError) {
        var definition: ModuleDefinition
        do { definition = try ModuleDecoder.decode(bytes) } catch { throw .malformed(error) }
        do { try ModuleValidator.validate(definition) } catch { throw .invalid(error) }
        definition.bytes = bytes
        self.definition = definition
        self.typeIDs = definition.types.map { TypeRegistry.shared.id(of: $0) }
        let count = definition.functionBodies.count
        compiled = .allocate(capacity: max(count, 1))
        for i in 0..<count {
            (compiled + i).initialize(to: CompiledFunction(
                code: nil, frameSize: 0, parameterSlots: 0, localSlots: 0, constants: nil, constantCount: 0,
                constantsOffset: 0,
                functionIndex: UInt32(definition.importedFunctionCount + i)))
        }
    }

    deinit {
        for i in 0..<definition.functionBodies.count {
            compiled[i].code?.deallocate()
            compiled[i].constants?.deallocate()
            compiled[i].frameTemplate?.deallocate()
        }
        compiled.deallocate()
    }

    /// The module's imports, in index order.
    public var imports: [Import] { definition.imports }

    /// The module's exports, in declaration order.
    public var exports: [Export] { definition.exports }

    /// Custom sections, in order of appearance.
    public var customSections: [CustomSection] { definition.customSections }

    /// The module name from the `name` section, if any.
    public var name: String? { definition.names.moduleName }

    /// The type of a function in the module's function index space.
    public func functionType(at index: UInt32) -> FunctionType? {
        guard Int(index) < definition.functionTypeIndexSpace.count else { return nil }
        return definition.types[Int(definition.functionTypeIndexSpace[Int(index)])]
    }

    /// The type of an exported function, if `name` is one.
    public func exportedFunctionType(_ name: String) -> FunctionType? {
        guard let export = definition.exports.first(where: { $0.name == name && $0.kind == .function }) else { return nil }
        return functionType(at: export.index)
    }

    /// The function's name from the `name` section, if any.
    public func functionName(at index: UInt32) -> String? { definition.names.functionNames[index] }

    /// Sizes of the sections, for inspection tools.
    public var functionCount: Int { definition.functionTypeIndexSpace.count }
}
