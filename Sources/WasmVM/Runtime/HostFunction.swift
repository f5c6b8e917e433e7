/// A function implemented by the host in Swift, importable by Wasm modules.
///
/// ```swift
/// var imports = Imports()
/// imports.define(module: "env", name: "log", HostFunction(parameters: [.i32]) { caller, args in
///     print("guest says", args[0])
///     return []
/// })
/// ```
public struct HostFunction {
    public var type: FunctionType
    public var body: (Caller, [Value]) throws -> [Value]

    public init(type: FunctionType, body: @escaping (Caller, [Value]) throws -> [Value]) {
        self.type = type
        self.body = body
    }

    public init(parameters: [ValueType] = [], results: [ValueType] = [],
                body: @escaping (Caller, [Value]) throws -> [Value]) {
        self.init(type: FunctionType(parameters: parameters, results: results), body: body)
    }
}

/// What a host function sees of its caller.
public struct Caller {
    /// The store the call runs in.
    public let store: Store
    /// The Wasm instance that made the call (nil when the host called the function directly).
    public let instance: Instance?

    /// The calling instance's memory 0 (WASI's convention is also to export it as "memory").
    public var memory: Memory? { instance?.defaultMemory }
}

/// A host function allocated in a store, with the entry record the interpreter calls through.
final class HostFunctionBox {
    let function: HostFunction
    let entry: UnsafeMutablePointer<FunctionEntry>

    init(_ function: HostFunction) {
        self.function = function
        entry = .allocate(capacity: 1)
        entry.initialize(to: FunctionEntry(
            typeID: TypeRegistry.shared.id(of: function.type), code: nil, context: nil, host: nil,
            functionIndex: 0))
        entry.pointee.host = Unmanaged.passUnretained(self)
    }

    deinit { entry.deallocate() }
}

/// A callable function of a store: a Wasm function of an instance, or a host function.
public struct Function {
    let entry: UnsafeMutablePointer<FunctionEntry>
    let store: Store

    /// The function's signature.
    public var type: FunctionType { TypeRegistry.shared.type(of: entry.pointee.typeID) }

    /// A reference to the function, e.g. to put into a table.
    public var reference: FunctionReference { FunctionReference(rawValue: ReferenceEncoding.funcRef(entry)) }

    /// Calls the function with arguments matching its parameter types; returns its results.
    public func call(_ arguments: [Value] = []) throws(Trap) -> [Value] {
        try store.invoke(entry, arguments)
    }
}
