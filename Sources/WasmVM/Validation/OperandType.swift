/// The type of one entry on the validator's operand stack.
///
/// The validator pushes and pops one of these for nearly every instruction of every function body (php-cgi.wasm
/// has millions of instructions), so it is a one-byte enum rather than `ValueType` (whose `.ref` payload makes it
/// larger and its comparisons slower). `unknown` is the spec's "Unknown" operand produced by popping from the
/// polymorphic stack after an unconditional branch; it matches every type.
enum OperandType: UInt8, Sendable, CustomStringConvertible {
    case i32, i64, f32, f64, v128, funcRef, externRef, unknown

    init(_ type: ValueType) {
        switch type {
        case .i32: self = .i32
        case .i64: self = .i64
        case .f32: self = .f32
        case .f64: self = .f64
        case .v128: self = .v128
        case .ref(.funcRef): self = .funcRef
        case .ref(.externRef): self = .externRef
        }
    }

    init(_ type: ReferenceType) {
        self = type == .funcRef ? .funcRef : .externRef
    }

    /// Whether the operand may be a reference (`unknown` may be anything).
    var mayBeReference: Bool { self == .funcRef || self == .externRef || self == .unknown }

    /// Whether the operand may be a number or a vector (the operands untyped `select` accepts).
    var mayBeNumericOrVector: Bool { self != .funcRef && self != .externRef }

    /// Whether a value of type `self` may stand where `expected` is required.
    @inline(__always)
    func matches(_ expected: OperandType) -> Bool {
        self == expected || self == .unknown || expected == .unknown
    }

    var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .funcRef: "funcref"
        case .externRef: "externref"
        case .unknown: "unknown"
        }
    }
}
