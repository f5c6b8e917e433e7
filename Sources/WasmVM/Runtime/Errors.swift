/// A module binary that does not follow the binary format.
public struct DecodingError: Error, Sendable, CustomStringConvertible {
    /// Byte offset in the module binary where decoding failed.
    public var offset: Int
    public var message: String
    public init(offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }
    public var description: String { "malformed module at byte offset \(offset): \(message)" }
}

/// A well-formed module that breaks the validation rules.
public struct ValidationError: Error, Sendable, CustomStringConvertible {
    /// Index of the function (in the function index space) whose body failed, if the error is in code.
    public var functionIndex: UInt32?
    /// Byte offset in the module binary of the offending instruction or definition.
    public var offset: Int?
    public var message: String
    public init(_ message: String, functionIndex: UInt32? = nil, offset: Int? = nil) {
        self.message = message
        self.functionIndex = functionIndex
        self.offset = offset
    }
    public var description: String {
        var text = "invalid module: \(message)"
        if let functionIndex { text += " (function \(functionIndex)" + (offset.map { ", offset \($0)" } ?? "") + ")" }
        else if let offset { text += " (offset \(offset))" }
        return text
    }
}

/// Why a module was rejected: it is malformed or invalid.
public enum ModuleError: Error, Sendable, CustomStringConvertible {
    case malformed(DecodingError)
    case invalid(ValidationError)
    public var description: String {
        switch self {
        case .malformed(let e): e.description
        case .invalid(let e): e.description
        }
    }
}

/// Instantiation failed: an import could not be satisfied (unlinkable), or initialisation trapped
/// (uninstantiable; for example an active data segment out of bounds).
public enum InstantiationError: Error, Sendable, CustomStringConvertible {
    /// An import is missing or has an incompatible type.
    case unlinkable(String)
    /// A segment initialisation or the start function trapped.
    case trapped(Trap)
    /// A resource limit was exceeded (for example a memory that cannot be reserved).
    case resourceExhausted(String)

    public var description: String {
        switch self {
        case .unlinkable(let m): "unlinkable: \(m)"
        case .trapped(let t): "instantiation trapped: \(t)"
        case .resourceExhausted(let m): "resource exhausted: \(m)"
        }
    }
}
