/// Parameter and result types of a block, loop, if or function, as two ranges into
/// `ValidationContext.typeLists`.
///
/// Control frames are pushed and popped for every structured instruction, so they carry these four integers
/// instead of arrays: no allocation and no reference counting per block.
struct BlockSignature: Sendable {
    var parameterStart: Int32
    var parameterCount: Int32
    var resultStart: Int32
    var resultCount: Int32

    static let empty = BlockSignature(parameterStart: 0, parameterCount: 0, resultStart: 0, resultCount: 0)

    var parameters: Range<Int> { Int(parameterStart)..<Int(parameterStart + parameterCount) }
    var results: Range<Int> { Int(resultStart)..<Int(resultStart + resultCount) }

    /// Whether parameters and results are the same list (required of an `if` without `else`).
    func parametersEqualResults(in typeLists: [OperandType]) -> Bool {
        guard parameterCount == resultCount else { return false }
        for i in 0..<Int(parameterCount) where typeLists[Int(parameterStart) + i] != typeLists[Int(resultStart) + i] {
            return false
        }
        return true
    }
}
