/// A Swift type that corresponds to a WebAssembly number type, for ``TypedFunction``.
public protocol WasmNumber {
    /// The Wasm type this Swift type is passed as.
    static var valueType: ValueType { get }
    /// The value's bits as the interpreter keeps them in a slot.
    var slotBits: UInt64 { get }
    init(slotBits: UInt64)
}

extension Int32: WasmNumber {
    public static var valueType: ValueType { .i32 }
    public var slotBits: UInt64 { UInt64(UInt32(bitPattern: self)) }
    public init(slotBits: UInt64) { self.init(bitPattern: UInt32(truncatingIfNeeded: slotBits)) }
}

extension UInt32: WasmNumber {
    public static var valueType: ValueType { .i32 }
    public var slotBits: UInt64 { UInt64(self) }
    public init(slotBits: UInt64) { self.init(truncatingIfNeeded: slotBits) }
}

extension Int64: WasmNumber {
    public static var valueType: ValueType { .i64 }
    public var slotBits: UInt64 { UInt64(bitPattern: self) }
    public init(slotBits: UInt64) { self.init(bitPattern: slotBits) }
}

extension UInt64: WasmNumber {
    public static var valueType: ValueType { .i64 }
    public var slotBits: UInt64 { self }
    public init(slotBits: UInt64) { self = slotBits }
}

extension Float: WasmNumber {
    public static var valueType: ValueType { .f32 }
    public var slotBits: UInt64 { UInt64(bitPattern) }
    public init(slotBits: UInt64) { self.init(bitPattern: UInt32(truncatingIfNeeded: slotBits)) }
}

extension Double: WasmNumber {
    public static var valueType: ValueType { .f64 }
    public var slotBits: UInt64 { bitPattern }
    public init(slotBits: UInt64) { self.init(bitPattern: slotBits) }
}

/// An exported function with a signature checked once, called with plain Swift numbers.
///
/// The fast path for hot host→guest calls: arguments go straight into the interpreter's slots and the result
/// comes straight out, with no `Value` arrays and no per-call type check.
///
/// ```swift
/// let fib = try instance.typedFunction("fib", parameters: Int32.self, result: Int32.self)
/// let x = try fib(30)      // 832040
/// ```
public struct TypedFunction<each Parameter: WasmNumber, Result: WasmNumber> {
    let function: Function

    /// Calls the function.
    public func callAsFunction(_ arguments: repeat each Parameter) throws(Trap) -> Result {
        let bits = try function.store.invokeReturningBits(function.entry) { slots in
            var index = 0
            for argument in repeat each arguments {
                slots[index] = argument.slotBits
                index += 1
            }
        }
        return Result(slotBits: bits)
    }
}

/// Why an export cannot be used as a ``TypedFunction``.
public struct TypedFunctionError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension Instance {
    /// The exported function `name` as a ``TypedFunction``, after checking its signature against the Swift types.
    public func typedFunction<each Parameter: WasmNumber, Result: WasmNumber>(
        _ name: String, parameters: repeat (each Parameter).Type, result: Result.Type
    ) throws(TypedFunctionError) -> TypedFunction<repeat each Parameter, Result> {
        guard let function = exportedFunction(name) else {
            throw TypedFunctionError(description: "no exported function named \"\(name)\"")
        }
        var expected: [ValueType] = []
        for parameter in repeat each parameters { expected.append(parameter.valueType) }
        let type = function.type
        guard type.parameters == expected, type.results == [Result.valueType] else {
            throw TypedFunctionError(description: "\"\(name)\" has type \(type), not \(FunctionType(parameters: expected, results: [Result.valueType]))")
        }
        return TypedFunction(function: function)
    }
}
