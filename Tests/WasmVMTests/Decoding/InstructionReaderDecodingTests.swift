import XCTest
@testable import WasmVM

/// Decoding single instructions with `InstructionReader`.
final class InstructionReaderDecodingTests: XCTestCase {
    typealias B = DecoderTestBinary

    private func assertInstructions(_ code: [UInt8], _ expected: [Instruction], line: UInt = #line) {
        do {
            let instructions = try B.instructions(code)
            XCTAssertEqual(instructions, expected, line: line)
        } catch {
            XCTFail("\(error)", line: line)
        }
    }

    private func assertReadError(_ code: [UInt8], _ message: String, line: UInt = #line) {
        do {
            let instructions = try B.instructions(code)
            XCTFail("decoded \(instructions), expected \(message)", line: line)
        } catch {
            XCTAssertTrue(error.message.hasPrefix(message), "got \(error.message)", line: line)
        }
    }

    func testControlInstructions() {
        assertInstructions(
            [0x00, 0x01, 0x02, 0x40, 0x03, 0x7F, 0x04, 0x7B, 0x05, 0x0B, 0x02, 0x05, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
            [.unreachable, .nop, .block(.empty), .loop(.value(.i32)), .if(.value(.v128)), .else, .end,
             .block(.typeIndex(5)), .block(.typeIndex(UInt32.max))])
        assertInstructions(
            [0x0C, 0x01, 0x0D, 0x02, 0x0E, 0x03, 0x00, 0x01, 0x02, 0x04, 0x0E, 0x00, 0x07, 0x0F, 0x10, 0x90, 0x03,
             0x11, 0x02, 0x01],
            [.br(1), .brIf(2), .brTable(targets: [0, 1, 2], default: 4), .brTable(targets: [], default: 7), .return,
             .call(400), .callIndirect(typeIndex: 2, table: 1)])
        assertInstructions([0x02, 0x70, 0x02, 0x6F], [.block(.value(.funcref)), .block(.value(.externref))])
        assertReadError([0x02, 0x7A], "malformed value type")
        assertReadError([0x02, 0xFF, 0x7F], "unknown type")  // a negative type index
        assertReadError([0x02, 0x80, 0x80, 0x80, 0x80, 0x10], "integer too large")
    }

    func testParametricAndVariableInstructions() {
        assertInstructions(
            [0x1A, 0x1B, 0x1C, 0x01, 0x70, 0x20, 0x00, 0x21, 0x01, 0x22, 0x02, 0x23, 0x03, 0x24, 0x04],
            [.drop, .select, .typedSelect(.funcref), .localGet(0), .localSet(1), .localTee(2), .globalGet(3), .globalSet(4)])
        assertReadError([0x1C, 0x00], "invalid result arity")
        assertReadError([0x1C, 0x02, 0x7F, 0x7F], "invalid result arity")
    }

    func testTableAndReferenceInstructions() {
        assertInstructions(
            [0x25, 0x01, 0x26, 0x02, 0xFC, 0x0C, 0x03, 0x04, 0xFC, 0x0D, 0x05, 0xFC, 0x0E, 0x06, 0x07,
             0xFC, 0x0F, 0x08, 0xFC, 0x10, 0x09, 0xFC, 0x11, 0x0A, 0xD0, 0x70, 0xD0, 0x6F, 0xD1, 0xD2, 0x0B],
            [.tableGet(1), .tableSet(2), .tableInit(element: 3, table: 4), .elemDrop(5),
             .tableCopy(destination: 6, source: 7), .tableGrow(8), .tableSize(9), .tableFill(10),
             .refNull(.funcRef), .refNull(.externRef), .refIsNull, .refFunc(11)])
        assertReadError([0xD0, 0x7F], "malformed reference type")
    }

    func testMemoryInstructions() {
        var code: [UInt8] = []
        var expected: [Instruction] = []
        for opcode in UInt8(0x28)...0x3E {
            code += [opcode, 0x02, 0x80, 0x01]
            let memArg = MemArg(align: 2, offset: 128)
            let memoryOpcode = MemoryOpcode(rawValue: opcode)!
            expected.append(opcode <= 0x35 ? .load(memoryOpcode, memArg) : .store(memoryOpcode, memArg))
        }
        code += [0x3F, 0x00, 0x40, 0x00, 0xFC, 0x08, 0x03, 0x00, 0xFC, 0x09, 0x04, 0xFC, 0x0A, 0x00, 0x00, 0xFC, 0x0B, 0x00]
        expected += [.memorySize(0), .memoryGrow(0), .memoryInit(data: 3, memory: 0), .dataDrop(4),
                     .memoryCopy(destination: 0, source: 0), .memoryFill(0)]
        assertInstructions(code, expected)
        // The largest u32 offset.
        assertInstructions([0x28, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [.load(.i32Load, MemArg(align: 0, offset: 0xFFFF_FFFF))])
        assertReadError([0x28, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F], "integer too large")
        assertReadError([0x3F, 0x01], "zero byte expected")
    }

    func testConstants() {
        assertInstructions(
            [0x41, 0x7F, 0x42, 0x80, 0x7F, 0x43, 0x00, 0x00, 0xC0, 0x7F, 0x44, 1, 2, 3, 4, 5, 6, 7, 8],
            [.i32Const(UInt32.max), .i64Const(UInt64(bitPattern: -128)), .f32Const(0x7FC0_0000),
             .f64Const(0x0807_0605_0403_0201)])
        assertReadError([0x44, 1, 2, 3], "unexpected end")
    }

    func testEveryNumericOpcode() {
        for opcode in NumericOpcode.allCases {
            let code: [UInt8] = opcode.rawValue >= 0xFC00
                ? [0xFC] + B.u32(UInt32(opcode.rawValue & 0xFF)) : [UInt8(opcode.rawValue)]
            assertInstructions(code, [.numeric(opcode)])
        }
        XCTAssertEqual(NumericOpcode.allCases.filter { $0.rawValue < 0x100 }.count, 0xC4 - 0x45 + 1)
    }

    func testEverySIMDOpcode() {
        let memArg = MemArg(align: 3, offset: 16)
        let vector = V128(bytes: Array(0..<16))
        for opcode in SIMDOpcode.allCases {
            let prefix = [0xFD] + B.u32(opcode.rawValue)
            let raw = opcode.rawValue
            switch raw {
            case 0x00...0x0B, 0x5C, 0x5D:
                assertInstructions(prefix + [0x03, 0x10], [.simdMemory(opcode, memArg)])
            case 0x0C:
                assertInstructions(prefix + Array(0..<16), [.v128Const(vector)])
            case 0x0D:
                assertInstructions(prefix + Array(0..<16), [.i8x16Shuffle(vector)])
            case 0x15...0x22:
                assertInstructions(prefix + [0x05], [.simdLane(opcode, 5)])
            case 0x54...0x5B:
                assertInstructions(prefix + [0x03, 0x10, 0x01], [.simdMemoryLane(opcode, memArg, 1)])
            default:
                assertInstructions(prefix, [.simd(opcode)])
            }
        }
        XCTAssertEqual(SIMDOpcode.allCases.count, 236)
        // Subopcodes are LEB128: a non-minimal encoding of i8x16.abs (0x60) is the same instruction.
        assertInstructions([0xFD, 0xE0, 0x00], [.simd(.i8x16Abs)])
        assertReadError([0xFD, 0xA2, 0x01], "illegal opcode")  // 0xA2 is unassigned
        assertReadError([0xFD, 0x80, 0x80, 0x80, 0x80, 0x10], "integer too large")
        assertReadError([0xFD, 0x0C, 1, 2, 3], "unexpected end")
    }

    func testIllegalOpcodes() {
        let assigned: Set<UInt8> = Set([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11,
                                        0x1A, 0x1B, 0x1C, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD0, 0xD1, 0xD2,
                                        0xFC, 0xFD]).union(0x28...0xC4)
        for opcode in UInt8(0)...0xFF where !assigned.contains(opcode) {
            assertReadError([opcode], "illegal opcode")
        }
        assertReadError([0xFC, 0x12], "illegal opcode")
    }

    func testReaderOffsetsAndRange() throws {
        // Instructions in the middle of a larger buffer: the range limits the reader.
        let bytes: [UInt8] = [0xFF, 0x41, 0x05, 0x1A, 0x0B, 0xFF]
        var reader = InstructionReader(bytes: bytes, range: 1..<5)
        XCTAssertEqual(reader.offset, 1)
        XCTAssertEqual(try reader.read(), .i32Const(5))
        XCTAssertEqual(reader.offset, 3)
        XCTAssertEqual(try reader.read(), .drop)
        XCTAssertEqual(try reader.read(), .end)
        XCTAssertTrue(reader.isAtEnd)
        XCTAssertThrowsError(try reader.read()) { error in
            XCTAssertTrue((error as? DecodingError)?.message.hasPrefix("unexpected end") ?? false)
        }
        // An immediate cut off by the end of the range.
        var truncated = InstructionReader(bytes: bytes, range: 1..<2)
        XCTAssertThrowsError(try truncated.read()) { error in
            XCTAssertEqual((error as? DecodingError)?.message, "unexpected end of section or function")
        }
        var empty = InstructionReader(bytes: [], range: 0..<0)
        XCTAssertTrue(empty.isAtEnd)
        XCTAssertThrowsError(try empty.read())
    }

    func testReadsBodiesOfADecodedModule() throws {
        let code: [UInt8] = [0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B]
        let module = try ModuleDecoder.decode(B.moduleWithFunction(code, locals: [(1, 0x7F)]))
        var reader = InstructionReader(bytes: module.bytes, range: module.functionBodies[0].code)
        var instructions: [Instruction] = []
        while !reader.isAtEnd { instructions.append(try reader.read()) }
        XCTAssertEqual(instructions, [.localGet(0), .i32Const(1), .numeric(.i32Add), .end])
    }
}
