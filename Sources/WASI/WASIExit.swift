import WasmVM

/// Thrown by `proc_exit` to unwind the guest; the embedder receives it as `Trap(reason: .host(WASIExit))`, and
/// ``WASIContext/run(_:in:imports:invoking:arguments:)`` turns it into an exit code.
public struct WASIExit: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: UInt32

    public init(code: UInt32) {
        self.code = code
    }

    public var description: String { "guest exited with status \(code)" }

    /// The `WASIExit` inside a trap, if the trap is one.
    public init?(_ trap: Trap) {
        guard case .host(let error) = trap.reason, let exit = error as? WASIExit else { return nil }
        self = exit
    }
}
