/// The decode-time scan of a function body.
extension ModuleDecoder {
    /// Decodes every instruction of a body once, without keeping them, to reject malformed code at decode time:
    /// illegal opcodes, bad immediates, an `else` outside an `if`, a missing final `end`, or bytes after it.
    /// It also notes whether the body uses `memory.init` or `data.drop`, which need a data count section.
    ///
    /// Only block nesting is tracked (one flag per open block: is it an `if` still expecting its `else`?), so the
    /// cost is essentially the instruction decoding itself.
    ///
    /// `select t*` with other than one type is well-formed but *invalid* ("invalid result arity"). The scan
    /// skips it; `InstructionReader` then throws when the validator reaches it, and the validator reports that
    /// error as a validation failure, which is the category the spec tests expect.
    mutating func scanFunctionBody(_ code: Range<Int>) throws(DecodingError) {
        var reader = ByteCursor(
            base: cursor.base, binaryLength: cursor.binaryLength, position: code.lowerBound, end: code.upperBound)
        openBlocks.removeAll(keepingCapacity: true)
        while reader.position < reader.end {
            let offset = reader.position
            if reader.base[offset] == 0x1C {
                try reader.skipTypedSelect()
                continue
            }
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
        let atBinaryEnd = code.upperBound >= cursor.binaryLength
        throw DecodingError(
            offset: code.upperBound, atBinaryEnd ? "unexpected end of section or function" : "END opcode expected")
    }
}

extension ByteCursor {
    /// Skips `0x1C vec(valtype)` whatever the vector's length (see `scanFunctionBody`).
    mutating func skipTypedSelect() throws(DecodingError) {
        position += 1
        let count = try readCount()
        for _ in 0..<count { _ = try readValueType() }
    }
}
