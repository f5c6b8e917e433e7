/// What a corpus run found, counted by kind. Mismatches keep a description each (file, origin, both sides) so
/// the test's failure message is enough to write a repro.
struct FuzzTally: CustomStringConvertible {
    var modules = 0
    var smithModules = 0
    var mutantModules = 0
    /// Decode/validate verdicts that agree with `wasm-tools validate`.
    var validAgreed = 0
    var invalidAgreed = 0
    var instantiated = 0
    var instantiationTrapsMatched = 0
    var instantiationErrorsMatched = 0
    var callsWithEqualResults = 0
    var callsWithEqualTraps = 0
    /// Either engine ran out of fuel or stack (engine budgets differ), or an earlier such call left the
    /// instance's state apart: neither a pass nor a failure.
    var callsInconclusive = 0
    /// Signatures with v128, which the reference binding cannot call.
    var callsSkipped = 0
    var statesCompared = 0
    var statesEqual = 0

    var validityMismatches: [String] = []
    var instantiationMismatches: [String] = []
    var callMismatches: [String] = []
    var stateMismatches: [String] = []

    var mismatchCount: Int {
        validityMismatches.count + instantiationMismatches.count + callMismatches.count + stateMismatches.count
    }

    var description: String {
        """
        modules: \(modules) (smith \(smithModules), mutated spec binaries \(mutantModules))
        validation agreed: \(validAgreed) valid, \(invalidAgreed) invalid; mismatches: \(validityMismatches.count)
        instantiated: \(instantiated); instantiation traps matched: \(instantiationTrapsMatched), \
        both rejected: \(instantiationErrorsMatched); mismatches: \(instantiationMismatches.count)
        calls: \(callsWithEqualResults) equal results, \(callsWithEqualTraps) equal traps, \
        \(callsInconclusive) inconclusive (fuel/stack), \(callsSkipped) skipped (v128); \
        mismatches: \(callMismatches.count)
        final states compared: \(statesCompared), equal: \(statesEqual); mismatches: \(stateMismatches.count)
        """
    }
}
