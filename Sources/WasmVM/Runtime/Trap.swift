/// A WebAssembly trap, or an error thrown by a host function, as it reaches the host.
///
/// A trap aborts the whole call; the store stays usable for further calls. ``stackTrace`` lists the Wasm
/// frames that were active, innermost first, with names from the module's `name` section where present.
public struct Trap: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, CustomStringConvertible {
        case unreachable
        case integerDivideByZero
        case integerOverflow
        case invalidConversionToInteger
        case outOfBoundsMemoryAccess
        case outOfBoundsTableAccess
        case undefinedElement
        case uninitializedElement
        case indirectCallTypeMismatch
        case nullReference
        case callStackExhausted
        /// The store's fuel ran out (a CPU bound set by the embedder).
        case outOfFuel
        /// The store's deadline passed or ``Store/interrupt()`` was called.
        case interrupted
        /// An argument list passed by the host does not match the function's type.
        case invalidArguments(String)
        /// A function could not be translated to bytecode (an implementation limit, such as a frame of more
        /// than 65,535 slots).
        case unsupported(String)
        /// A host function threw this error.
        case host(any Error)

        public var description: String {
            switch self {
            case .unreachable: "unreachable"
            case .integerDivideByZero: "integer divide by zero"
            case .integerOverflow: "integer overflow"
            case .invalidConversionToInteger: "invalid conversion to integer"
            case .outOfBoundsMemoryAccess: "out of bounds memory access"
            case .outOfBoundsTableAccess: "out of bounds table access"
            case .undefinedElement: "undefined element"
            case .uninitializedElement: "uninitialized element"
            case .indirectCallTypeMismatch: "indirect call type mismatch"
            case .nullReference: "null reference"
            case .callStackExhausted: "call stack exhausted"
            case .outOfFuel: "all fuel consumed"
            case .interrupted: "interrupted"
            case .invalidArguments(let m): "invalid arguments: \(m)"
            case .unsupported(let m): "unsupported: \(m)"
            case .host(let e): "host error: \(e)"
            }
        }
    }

    /// One active Wasm function at the time of the trap.
    public struct Frame: Sendable, CustomStringConvertible {
        public var functionIndex: UInt32
        public var functionName: String?
        public var description: String { functionName.map { "\($0) (func \(functionIndex))" } ?? "func \(functionIndex)" }
    }

    public var reason: Reason
    /// Active frames, innermost first.
    public var stackTrace: [Frame]

    public init(_ reason: Reason, stackTrace: [Frame] = []) {
        self.reason = reason
        self.stackTrace = stackTrace
    }

    public var description: String {
        var text = "wasm trap: \(reason)"
        for (i, frame) in stackTrace.enumerated() { text += "\n  \(i): \(frame)" }
        return text
    }
}
