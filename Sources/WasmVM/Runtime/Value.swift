/// A WebAssembly value as the host sees it.
///
/// Floats are carried as bit patterns so that NaN payloads survive a round trip through the host exactly;
/// use ``Value/float(_:)`` and ``Value/double(_:)`` to build them from Swift floating-point numbers.
///
/// ```swift
/// let results = try instance.call("add", [.i32(2), .i32(3)])   // [.i32(5)]
/// ```
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case i32(UInt32)
    case i64(UInt64)
    case f32(UInt32)
    case f64(UInt64)
    case v128(V128)
    /// A function reference, or `nil` for `ref.null func`.
    case funcRef(FunctionReference?)
    /// An opaque host reference, or `nil` for `ref.null extern`. The host chooses the numbers; `UInt64.max` is
    /// reserved.
    case externRef(UInt64?)

    public static func float(_ value: Float) -> Value { .f32(value.bitPattern) }
    public static func double(_ value: Double) -> Value { .f64(value.bitPattern) }
    public static func int32(_ value: Int32) -> Value { .i32(UInt32(bitPattern: value)) }
    public static func int64(_ value: Int64) -> Value { .i64(UInt64(bitPattern: value)) }

    /// The type of the value.
    public var type: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .v128: .v128
        case .funcRef: .funcref
        case .externRef: .externref
        }
    }

    /// The value as a signed 32-bit integer, if it is an `i32`.
    public var int32: Int32? { if case .i32(let v) = self { Int32(bitPattern: v) } else { nil } }
    /// The value as a signed 64-bit integer, if it is an `i64`.
    public var int64: Int64? { if case .i64(let v) = self { Int64(bitPattern: v) } else { nil } }

    public var description: String {
        switch self {
        case .i32(let v): "i32:\(Int32(bitPattern: v))"
        case .i64(let v): "i64:\(Int64(bitPattern: v))"
        case .f32(let v): "f32:\(Float(bitPattern: v))"
        case .f64(let v): "f64:\(Double(bitPattern: v))"
        case .v128(let v): "v128:\(String(v.high, radix: 16)):\(String(v.low, radix: 16))"
        case .funcRef(let r): r.map { "funcref:\($0.rawValue)" } ?? "funcref:null"
        case .externRef(let r): r.map { "externref:\($0)" } ?? "externref:null"
        }
    }

    /// The zero value of a type (`0`, `+0.0`, or a null reference), as locals and grown tables start.
    public static func zero(of type: ValueType) -> Value {
        switch type {
        case .i32: .i32(0)
        case .i64: .i64(0)
        case .f32: .f32(0)
        case .f64: .f64(0)
        case .v128: .v128(.zero)
        case .ref(.funcRef): .funcRef(nil)
        case .ref(.externRef): .externRef(nil)
        }
    }
}

/// An opaque, non-null reference to a function of some instance in a ``Store``.
///
/// Only meaningful inside the store that produced it.
public struct FunctionReference: Hashable, Sendable {
    /// The interpreter's representation: the address of the function's entry record.
    public let rawValue: UInt64
    init(rawValue: UInt64) { self.rawValue = rawValue }
}
