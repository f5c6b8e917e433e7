/// Decodes the `name` custom section: the module name (subsection 0) and function names (subsection 1).
///
/// Names only improve diagnostics (traps, stack traces). The section is custom, so a malformed one must not make
/// the module malformed: any error discards the whole section. Other subsections (locals, labels, ...) are skipped.
enum NameSectionDecoder {
    /// The names in the payload between `cursor.position` and `cursor.end`, or nil if it is malformed.
    static func decode(_ cursor: ByteCursor) -> NameMap? {
        var cursor = cursor
        do {
            return try readSubsections(&cursor)
        } catch {
            return nil
        }
    }

    private static func readSubsections(_ cursor: inout ByteCursor) throws(DecodingError) -> NameMap {
        var names = NameMap()
        let sectionEnd = cursor.end
        while !cursor.isAtEnd {
            let id = try cursor.readByte()
            let sizeOffset = cursor.position
            let size = try cursor.readCount()
            guard size <= cursor.remaining else { throw DecodingError(offset: sizeOffset, "length out of bounds") }
            let subsectionEnd = cursor.position + size
            cursor.end = subsectionEnd
            switch id {
            case 0:
                names.moduleName = try cursor.readName()
            case 1:
                let count = try cursor.readCount()
                for _ in 0..<count {
                    let index = try cursor.readU32()
                    names.functionNames[index] = try cursor.readName()
                }
            default:
                break
            }
            cursor.position = subsectionEnd
            cursor.end = sectionEnd
        }
        return names
    }
}
