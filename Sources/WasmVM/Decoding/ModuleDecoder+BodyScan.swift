/// The decode-time scan of a function body.
extension ModuleDecoder {
    /// Decodes every instruction of a body once, without keeping them, to reject malformed code at decode time:
    /// illegal opcodes, bad immediates, an `else` outside an `if`, a missing final `end`, or bytes after it.
    /// It also notes whether the body uses `memory.init` or `data.drop`, which need a data count section.
    ///
    /// Only block nesting is tracked (one bit per open block), so the cost is the instruction decoding itself.
    mutating func scanFunctionBody(_ code: Range<Int>) throws(DecodingError) {
        var reader = ByteCursor(
            base: cursor.base, binaryLength: cursor.binaryLength, position: code.lowerBound, end: code.upperBound)
        openBlocks.removeAll(keepingCapacity: true)
        while reader.position < reader.end {
            let offset = reader.position
            switch try reader.readInstruction() {
            case .block, .loop:
                openBlocks.append(false)
            case .if:
                openBlocks.append(true)
            case .else:
                // Only once, directly inside an `if`; anywhere else the enclosing block needed its `end` here.
                guard openBlocks.last == true else { throw DecodingError(offset: offset, "END opcode expected") }
                openBlocks[openBlocks.count - 1] = false
            case .end:
                if openBlocks.isEmpty {
                    guard reader.position == reader.end else {
                        throw DecodingError(offset: reader.position, "section size mismatch")
                    }
                    return
                }
                openBlocks.removeLast()
            case .memoryInit, .dataDrop:
                usesDataCount = true
            default:
                break
            }
        }
        // The body ended inside a block. The spec interpreter reads on past the body: at the end of the binary
        // it reports an unexpected end, otherwise it finds some byte that is not the `end` it expected.
        let message = code.upperBound >= cursor.binaryLength ? "unexpected end of section or function" : "END opcode expected"
        throw DecodingError(offset: code.upperBound, message)
    }
}
