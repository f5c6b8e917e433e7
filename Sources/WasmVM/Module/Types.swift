/// A WebAssembly value type (numeric, vector or reference).
public enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case i32, i64, f32, f64, v128
    case ref(ReferenceType)

    public static let funcref = ValueType.ref(.funcRef)
    public static let externref = ValueType.ref(.externRef)

    /// Whether the type is a reference type.
    public var isReference: Bool { if case .ref = self { return true } else { return false } }

    /// How many 8-byte slots a value of this type occupies in an interpreter frame.
    /// `v128` is the only two-slot type; keeping every other value in one slot keeps frames small.
    @inlinable public var slotCount: Int { self == .v128 ? 2 : 1 }

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .ref(.funcRef): "funcref"
        case .ref(.externRef): "externref"
        }
    }
}

/// A reference type of WebAssembly 2.0.
public enum ReferenceType: UInt8, Hashable, Sendable {
    case funcRef = 0x70
    case externRef = 0x6F
}

/// The signature of a function: parameter and result types.
public struct FunctionType: Hashable, Sendable, CustomStringConvertible {
    public var parameters: [ValueType]
    public var results: [ValueType]

    public init(parameters: [ValueType] = [], results: [ValueType] = []) {
        self.parameters = parameters
        self.results = results
    }

    public var description: String {
        "(\(parameters.map(\.description).joined(separator: " "))) -> (\(results.map(\.description).joined(separator: " ")))"
    }
}

/// Size limits of a memory (in 64 KiB pages) or a table (in elements).
public struct Limits: Hashable, Sendable {
    public var min: UInt64
    public var max: UInt64?
    public init(min: UInt64, max: UInt64? = nil) {
        self.min = min
        self.max = max
    }
}

public struct MemoryType: Hashable, Sendable {
    public var limits: Limits
    public init(limits: Limits) { self.limits = limits }
}

public struct TableType: Hashable, Sendable {
    public var elementType: ReferenceType
    public var limits: Limits
    public init(elementType: ReferenceType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

public enum Mutability: Hashable, Sendable {
    case constant, variable
}

public struct GlobalType: Hashable, Sendable {
    public var mutability: Mutability
    public var valueType: ValueType
    public init(mutability: Mutability, valueType: ValueType) {
        self.mutability = mutability
        self.valueType = valueType
    }
}

/// The type of a structured control instruction (`block`, `loop`, `if`).
public enum BlockType: Hashable, Sendable {
    case empty
    case value(ValueType)
    case typeIndex(UInt32)
}

/// The kind of an external (imported or exported) entity.
public enum ExternalKind: UInt8, Hashable, Sendable, CustomStringConvertible {
    case function = 0, table = 1, memory = 2, global = 3
    public var description: String {
        switch self {
        case .function: "func"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        }
    }
}
