import Foundation
import WasmVM

extension Trap.Reason {
    /// Whether this reason is the trap a spec script's message names.
    ///
    /// Scripts carry the reference interpreter's message text, sometimes with a suffix (`"uninitialized element
    /// 2"`, `"unreachable executed"` in other suites), so the match is on the message's leading words. The table
    /// is explicit rather than derived from ``description`` so that rewording a trap message cannot silently
    /// change which traps pass, and so that "out of bounds table access" never passes for "out of bounds memory
    /// access", nor "undefined element" for "uninitialized element".
    func matchesSpecMessage(_ message: String) -> Bool {
        let text = message.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        switch self {
        case .unreachable: return text.hasPrefix("unreachable")
        case .integerDivideByZero: return text.hasPrefix("integer divide by zero")
        case .integerOverflow: return text.hasPrefix("integer overflow")
        case .invalidConversionToInteger: return text.hasPrefix("invalid conversion to integer")
        case .outOfBoundsMemoryAccess: return text.hasPrefix("out of bounds memory access")
        case .outOfBoundsTableAccess: return text.hasPrefix("out of bounds table access")
        case .undefinedElement: return text.hasPrefix("undefined element")
        case .uninitializedElement: return text.hasPrefix("uninitialized element")
        case .indirectCallTypeMismatch: return text.hasPrefix("indirect call type mismatch")
        case .nullReference: return text.hasPrefix("null reference") || text.hasPrefix("null function reference")
        case .callStackExhausted: return text.hasPrefix("call stack exhausted")
        default: return false  // host errors, fuel, interruption and argument errors are never a spec trap
        }
    }
}
