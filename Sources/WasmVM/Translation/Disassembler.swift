/// Renders translated bytecode as text, one instruction per line — for `wasmvm inspect --bytecode`,
/// Docs/Bytecode.md, and for reading what the translator did when tuning it.
enum Disassembler {
    static func render(_ code: UnsafePointer<UInt64>, count: Int, constantsOffset: Int, constants: [UInt64],
                       stackBase: Int) -> String {
        func slot(_ s: Int) -> String {
            if s >= constantsOffset && s < stackBase {
                let bits = constants[s - constantsOffset]
                // Small values print as signed 32-bit numbers (how most i32 constants read in the source).
                let shown = bits <= UInt64(UInt32.max) ? String(Int32(bitPattern: UInt32(bits))) : String(Int64(bitPattern: bits))
                return "c\(s)=\(shown)"
            }
            return s < constantsOffset ? "l\(s)" : "s\(s)"
        }
        var lines: [String] = []
        var pc = 0
        while pc < count {
            let word = code[pc]
            guard let opcode = Opcode(rawValue: UInt16(truncatingIfNeeded: word)) else {
                lines.append("\(pc)  ?? 0x" + String(word, radix: 16))
                pc += 1
                continue
            }
            var size = opcode.size
            var text = "\(opcode)"
            let a = fieldA(word), b = fieldB(word), c = fieldC(word)
            switch opcode {
            case .br:
                text += " -> \(pc + Int(immediate32(word)))"
            case .brIfNez, .brIfEqz, .brIfNez64, .brIfEqz64:
                text += " \(slot(a)) -> \(pc + Int(immediate32(word)))"
            case .brTable:
                let targets = Int(immediate32(word))
                size = 2 + targets
                let offsets = (0...targets).map { pc + Int(Int64(bitPattern: code[pc + 1 + $0])) }
                text += " \(slot(a)) -> \(offsets)"
            case .call:
                text += " func[\(code[pc + 1])] frame=\(slot(a))"
            case .callDirect:
                text += " func[\(UInt32(truncatingIfNeeded: word >> 32))] frame=\(slot(a))"
            case .callIndirect:
                text += " table[\(code[pc + 1] >> 32)][\(slot(b))] type=\(code[pc + 1] & 0xFFFF_FFFF) frame=\(slot(a))"
            case .returnOne:
                text += " \(slot(a))"
            case .copy, .copy128:
                text += " \(slot(a)), \(slot(b))"
            case .i32Add2:
                let second = code[pc + 1]
                text += " \(slot(a)), \(slot(b)), \(slot(c)); \(slot(Int(second & 0xFFFF))), "
                    + "\(slot(Int((second >> 16) & 0xFFFF))), \(slot(Int((second >> 32) & 0xFFFF)))"
            case .copy2:
                text += " \(slot(a)), \(slot(b)); \(slot(c)), \(slot(Int(truncatingIfNeeded: code[pc + 1])))"
            case .i32LoadScaled, .i64LoadScaled, .i32Load8UScaled, .i64Load32SScaled, .i32StoreScaled, .i64StoreScaled,
                 .i32Store8Scaled:
                text += " \(slot(a)), \(slot(b)), \(slot(c)) << \(code[pc + 1] >> 32) [\(code[pc + 1] & 0xFFFF_FFFF)]"
            case .i32AddBrIfNez, .i32AddBrIfEqz, .i32AndBrIfNez, .i32AndBrIfEqz:
                text += " \(slot(a)), \(slot(b)), \(slot(c)) -> \(pc + Int(Int64(bitPattern: code[pc + 1])))"
            case .i32Load8UBrIfEqz, .i32Load8UBrIfNez:
                text += " \(slot(a)), \(slot(b)) [\(code[pc + 1])] -> \(pc + Int(Int64(bitPattern: code[pc + 2])))"
            case .returnValues, .halt, .unreachable, .nop:
                break
            case .globalGet, .globalGet128:
                text += " \(slot(a)) = global[\(immediate32(word))]"
            case .globalSet, .globalSet128:
                text += " global[\(immediate32(word))] = \(slot(a))"
            default:
                if (opcode.rawValue >= Opcode.i32AddBrIfEq.rawValue && opcode.rawValue <= Opcode.i32AddBrIfGeU.rawValue)
                    || opcode == .i32AndBrIfEq || opcode == .i32AndBrIfNe {
                    // A = B + C (or B & C), then compare A with the slot in word 2.
                    text += " \(slot(a)), \(slot(b)), \(slot(c)); vs \(slot(Int(truncatingIfNeeded: code[pc + 2])))"
                        + " -> \(pc + Int(Int64(bitPattern: code[pc + 1])))"
                } else if opcode.rawValue >= Opcode.brIfI32Eq.rawValue && opcode.rawValue <= Opcode.brIfI64GeU.rawValue {
                    text += " \(slot(b)), \(slot(c)) -> \(pc + Int(Int64(bitPattern: code[pc + 1])))"
                } else {
                    text += " \(slot(a)), \(slot(b)), \(slot(c))"
                    if size > 1 { text += " [" + (1..<size).map { "\(code[pc + $0])" }.joined(separator: ", ") + "]" }
                }
            }
            lines.append(String(repeating: " ", count: max(0, 5 - String(pc).count)) + "\(pc)  " + text)
            pc += max(size, 1)
        }
        return lines.joined(separator: "\n")
    }
}

extension Module {
    /// The tier-0 bytecode of a function defined in this module, as text (translating it if needed).
    ///
    /// Slots print as `l` (parameters and locals), `c` (constants, with their value) and `s` (operand stack).
    public func disassemble(functionIndex: UInt32) throws(Trap) -> String {
        let index = Int(functionIndex) - definition.importedFunctionCount
        guard index >= 0 && index < definition.functionBodies.count else {
            throw Trap(.invalidArguments("function \(functionIndex) is not defined in this module"))
        }
        let slot = compiled + index
        if slot.pointee.code == nil { try translate(slot) }
        let f = slot.pointee
        let constants = f.constantCount > 0 ? Array(UnsafeBufferPointer(start: f.constants, count: f.constantCount)) : []
        return Disassembler.render(f.code!, count: f.codeCount, constantsOffset: f.constantsOffset,
                                   constants: constants, stackBase: f.constantsOffset + f.constantCount)
    }
}
