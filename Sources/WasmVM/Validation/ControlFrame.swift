/// One entry of the validator's control stack: an enclosing block, loop, if/else or the function itself.
struct ControlFrame: Sendable {
    enum Kind: UInt8, Sendable {
        case function, block, loop, `if`, `else`
    }

    var kind: Kind
    /// Set after an unconditional branch: the rest of the block is stack-polymorphic.
    var isUnreachable: Bool
    /// Operand stack height when the block was entered (after popping its parameters).
    var height: Int
    var signature: BlockSignature

    /// The types a branch to this frame's label carries: a loop's parameters (branching restarts the loop), the
    /// results of anything else.
    @inline(__always)
    var labelTypes: Range<Int> { kind == .loop ? signature.parameters : signature.results }
}
