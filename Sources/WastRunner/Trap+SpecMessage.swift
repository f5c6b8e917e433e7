import Foundation
import WasmVM

extension Trap.Reason {
    /// Whether this reason is the trap a spec script's message names.
    ///
    /// Scripts carry the reference interpreter's message text, sometimes with a suffix (`"uninitialized element
    /// 2"`, `"unreachable executed"` in other suites). The match is loose on wording but strict on meaning: the
    /// reason's canonical text and the script's text must agree on their common prefix, and each must be at
    /// least as specific as the shorter one — so "out of bounds table access" never passes for "out of bounds
    /// memory access", and "undefined element" never passes for "uninitialized element".
    func matchesSpecMessage(_ message: String) -> Bool {
        let expected = message.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        let actual = description.lowercased()
        guard !expected.isEmpty else { return true }
        return expected.hasPrefix(actual) || actual.hasPrefix(expected)
    }
}
