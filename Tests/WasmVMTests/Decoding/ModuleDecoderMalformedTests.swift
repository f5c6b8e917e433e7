import XCTest
@testable import WasmVM

/// Malformed binaries: header, section framing and order, counts that disagree, locals, names, bodies.
final class ModuleDecoderMalformedTests: XCTestCase {
    typealias B = DecoderTestBinary

    func testHeader() {
        B.assertMalformed([], "unexpected end")
        B.assertMalformed([0x00, 0x61, 0x73], "unexpected end")
        B.assertMalformed([0x00, 0x61, 0x73, 0x6D, 0x01], "unexpected end")
        B.assertMalformed(Array("asm\0".utf8) + [1, 0, 0, 0], "magic header not detected")
        B.assertMalformed([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], "unknown binary version")
    }

    func testSectionFraming() {
        B.assertMalformed(B.header + [0x0D, 0x00], "malformed section id")
        B.assertMalformed(B.header + [0x80, 0x01, 0x00], "malformed section id")
        B.assertMalformed(B.header + [0x01], "unexpected end")
        B.assertMalformed(B.header + [0x01, 0x05, 0x00], "length out of bounds")
        // Declared size larger than the content: one type declared, two given.
        B.assertMalformed(B.header + [0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00], "section size mismatch")
        // Content runs past the declared size.
        B.assertMalformed(B.header + [0x01, 0x03, 0x02, 0x60, 0x00, 0x00], "unexpected end")
        // Custom section whose name does not fit.
        B.assertMalformed(B.header + [0x00, 0x01, 0x05], "length out of bounds")
        B.assertMalformed(B.header + [0x00, 0x00], "unexpected end")
    }

    func testSectionOrderAndDuplicates() {
        let empty: (UInt8) -> [UInt8] = { B.section($0, [0x00]) }
        // Every pair of known sections in the wrong order, and every section twice.
        let order: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 9, 12, 10, 11]
        for (i, earlier) in order.enumerated() {
            B.assertMalformed(B.header + empty(earlier) + empty(earlier), "unexpected content after last section")
            for later in order[(i + 1)...] {
                B.assertMalformed(B.header + empty(later) + empty(earlier), "unexpected content after last section")
            }
        }
        B.assertMalformed(
            B.header + B.emptyFunctionType + B.section(3, [0x01, 0x00]) + B.section(8, [0x00]) + B.section(8, [0x00]),
            "unexpected content after last section")
        // Custom sections may repeat anywhere.
        B.assertDecodes(B.header + B.section(0, B.name("a")) + empty(1) + B.section(0, B.name("a")) + empty(2))
    }

    func testFunctionAndCodeCounts() {
        let type = B.emptyFunctionType
        B.assertMalformed(B.module(type, B.section(3, B.vector([[0x00]]))), "function and code section have inconsistent lengths")
        B.assertMalformed(B.module(B.section(10, B.vector([B.body([0x0B])]))), "function and code section have inconsistent lengths")
        B.assertMalformed(
            B.module(type, B.section(3, B.vector([[0x00]])), B.section(10, B.vector([B.body([0x0B]), B.body([0x0B])]))),
            "function and code section have inconsistent lengths")
        B.assertDecodes(B.module(B.section(3, [0x00])))
        B.assertDecodes(B.module(B.section(10, [0x00])))
    }

    func testDataCountConsistency() {
        let memory = B.section(5, B.vector([[0x00, 0x01]]))
        B.assertMalformed(B.module(memory, B.section(12, [0x01])), "data count and data section have inconsistent lengths")
        B.assertMalformed(
            B.module(memory, B.section(12, [0x02]), B.section(11, B.vector([[0x01, 0x00]]))),
            "data count and data section have inconsistent lengths")
        B.assertDecodes(B.module(B.section(12, [0x00])))
    }

    func testDataCountRequiredByMemoryInitAndDataDrop() {
        let memoryInit: [UInt8] = [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B]
        let dataDrop: [UInt8] = [0xFC, 0x09, 0x00, 0x0B]
        let data = B.section(11, B.vector([[0x01, 0x00]]))
        B.assertMalformed(B.moduleWithFunction(memoryInit) + data, "data count section required")
        B.assertMalformed(B.moduleWithFunction(dataDrop) + data, "data count section required")
        B.assertDecodes(B.moduleWithFunction(memoryInit, dataCount: true))
    }

    func testLocals() {
        // 2^32-1 locals in one run plus more in another: too many for the format.
        B.assertMalformed(B.moduleWithFunction([0x0B], locals: [(UInt32.max, 0x7F), (2, 0x7E)]), "too many locals")
        B.assertMalformed(
            B.moduleWithFunction([0x0B], locals: [(0x4000_0000, 0x7F), (0x4000_0000, 0x7E), (0x4000_0000, 0x7D), (0x4000_0000, 0x7C)]),
            "too many locals")
        // Allowed by the format, but over the implementation limit.
        B.assertMalformed(B.moduleWithFunction([0x0B], locals: [(40_000, 0x7F), (10_001, 0x7E)]), "too many locals")
        B.assertDecodes(B.moduleWithFunction([0x0B], locals: [(40_000, 0x7F), (10_000, 0x7E)]))
        // A local count that does not fit in u32.
        let overlong = B.header + B.emptyFunctionType + B.section(3, [0x01, 0x00])
            + B.section(10, [0x01, 0x0A, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7F, 0x02, 0x7E, 0x0B])
        B.assertMalformed(overlong, "integer too large")
        B.assertMalformed(B.moduleWithFunction([0x0B], locals: [(1, 0x40)]), "malformed value type")
    }

    func testTypesAndKinds() {
        B.assertMalformed(B.module(B.section(1, B.vector([[0x61, 0x00, 0x00]]))), "malformed function type")
        B.assertMalformed(B.module(B.section(1, B.vector([[0x60, 0x01, 0x7A, 0x00]]))), "malformed value type")
        B.assertMalformed(B.module(B.section(2, B.vector([B.name("a") + B.name("b") + [0x04]]))), "malformed import kind")
        B.assertMalformed(B.module(B.section(2, B.vector([B.name("a") + B.name("b") + [0x03, 0x7F, 0x02]]))), "malformed mutability")
        B.assertMalformed(B.module(B.section(6, B.vector([[0x7F, 0xFF, 0x41, 0x00, 0x0B]]))), "malformed mutability")
        B.assertMalformed(B.module(B.section(4, B.vector([[0x7F, 0x00, 0x00]]))), "malformed reference type")
        B.assertMalformed(B.module(B.section(7, B.vector([B.name("x") + [0x04, 0x00]]))), "malformed export kind")
        // Limits flags are an LEB128 u1.
        B.assertMalformed(B.module(B.section(5, B.vector([[0x02, 0x00]]))), "integer too large")
        B.assertMalformed(B.module(B.section(5, B.vector([[0x81, 0x00, 0x00]]))), "integer representation too long")
        B.assertMalformed(B.module(B.section(4, B.vector([[0x70, 0x08, 0x00]]))), "integer too large")
    }

    func testNamesMustBeUTF8() {
        let invalid: [[UInt8]] = [
            [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xC3], [0xFF],
        ]
        for bytes in invalid {
            let name = B.u32(UInt32(bytes.count)) + bytes
            B.assertMalformed(B.module(B.section(0, name)), "malformed UTF-8 encoding")
            B.assertMalformed(B.module(B.section(2, B.vector([name + B.name("f") + [0x00, 0x00]]))), "malformed UTF-8 encoding")
            B.assertMalformed(B.module(B.section(7, B.vector([name + [0x00, 0x00]]))), "malformed UTF-8 encoding")
        }
        let valid = ["", "a", "é", "€", "\u{10FFFF}", "\u{FFFD}", "日本語", "😀"]
        for text in valid {
            let module = B.assertDecodes(B.module(B.section(0, B.name(text))))
            XCTAssertEqual(module?.customSections.first?.name, text)
        }
    }

    func testSegmentCountsAndLengths() {
        let memory = B.section(5, B.vector([[0x00, 0x01]]))
        // Two data segments declared, one given.
        B.assertMalformed(B.module(memory, B.section(11, [0x02, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x61])), "unexpected end")
        // Segment contents longer than the section.
        B.assertMalformed(B.module(memory, B.section(11, [0x01, 0x00, 0x41, 0x03, 0x0B, 0x07, 0x61, 0x62])), "unexpected end")
        // A name longer than its section.
        B.assertMalformed(B.module(B.section(7, [0x01, 0x05, 0x61, 0x00, 0x00])), "length out of bounds")
    }

    func testFunctionBodyStructure() {
        // Missing final end, at the end of the binary and before other content.
        B.assertMalformed(B.moduleWithFunction([0x41, 0x01, 0x1A]), "unexpected end")
        B.assertMalformed(B.moduleWithFunction([0x41, 0x01, 0x1A]) + B.section(0, B.name("x")), "END opcode expected")
        B.assertMalformed(B.moduleWithFunction([0x02, 0x40, 0x0B]), "unexpected end")
        // Bytes after the final end.
        B.assertMalformed(B.moduleWithFunction([0x0B, 0x01]), "section size mismatch")
        // else outside an if, or twice in one if.
        B.assertMalformed(B.moduleWithFunction([0x02, 0x40, 0x05, 0x0B, 0x0B]), "END opcode expected")
        B.assertMalformed(B.moduleWithFunction([0x05, 0x0B]), "END opcode expected")
        B.assertMalformed(
            B.moduleWithFunction([0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B]), "END opcode expected")
        B.assertDecodes(B.moduleWithFunction([0x41, 0x00, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0B, 0x0B]))
        // Illegal opcodes.
        B.assertMalformed(B.moduleWithFunction([0x06, 0x0B]), "illegal opcode")
        B.assertMalformed(B.moduleWithFunction([0xFC, 0x12, 0x0B]), "illegal opcode")
        B.assertMalformed(B.moduleWithFunction([0xFD, 0xA2, 0x01, 0x0B]), "illegal opcode")
        // A body size running past its section.
        B.assertMalformed(B.header + B.emptyFunctionType + B.section(3, [0x01, 0x00]) + B.section(10, [0x01, 0x05, 0x00, 0x0B]), "length out of bounds")
    }

    func testTypedSelectArityIsLeftToTheValidator() throws {
        // select with zero or two types is invalid, not malformed: the module decodes, and reading the body
        // with an InstructionReader (as the validator does) reports the arity.
        for types: [UInt8] in [[0x00], [0x02, 0x7F, 0x7F]] {
            let code: [UInt8] = [0x41, 0x00, 0x41, 0x00, 0x41, 0x01, 0x1C] + types + [0x1A, 0x0B]
            let module = try XCTUnwrap(B.assertDecodes(B.moduleWithFunction(code)))
            var reader = InstructionReader(bytes: module.bytes, range: module.functionBodies[0].code)
            for _ in 0..<3 { _ = try reader.read() }
            XCTAssertThrowsError(try reader.read()) { error in
                XCTAssertEqual((error as? DecodingError)?.message, "invalid result arity")
            }
        }
        B.assertMalformed(B.moduleWithFunction([0x1C, 0x01, 0x7A, 0x0B]), "malformed value type")
        B.assertMalformed(B.moduleWithFunction([0x1C, 0x02, 0x7F]), "unexpected end")
    }

    func testReservedZeroBytes() {
        let nonZero: [[UInt8]] = [
            [0x3F, 0x01, 0x1A, 0x0B],  // memory.size 1
            [0x3F, 0x80, 0x00, 0x1A, 0x0B],  // memory.size with a two-byte LEB128 zero
            [0x41, 0x00, 0x40, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A, 0x0B],  // memory.grow with a five-byte zero
            [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x01, 0x0B],  // memory.copy
            [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x01, 0x00, 0x0B],
            [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x01, 0x0B],  // memory.fill
            [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x01, 0x0B],  // memory.init
        ]
        for code in nonZero {
            B.assertMalformed(B.moduleWithFunction(code, dataCount: true), "zero byte expected")
        }
    }

    func testMemArgFlags() {
        B.assertDecodes(B.moduleWithFunction([0x41, 0x00, 0x28, 0x1F, 0x00, 0x1A, 0x0B]))  // invalid, not malformed
        for flags: [UInt8] in [[0x20], [0x21], [0x3F], [0x40], [0x41], [0x80, 0x01]] {
            B.assertMalformed(B.moduleWithFunction([0x41, 0x00, 0x28] + flags + [0x00, 0x1A, 0x0B]), "malformed memop flags")
        }
    }

    func testConstantExpressionErrors() {
        // Missing end: runs into the end of the section.
        B.assertMalformed(B.module(B.section(6, [0x01, 0x7F, 0x00, 0x41, 0x00])), "unexpected end")
        B.assertMalformed(B.module(B.section(6, [0x01, 0x7F, 0x00, 0xFF, 0x0B])), "illegal opcode")
        // Nested blocks decode (the validator rejects them as non-constant).
        let module = B.assertDecodes(B.module(B.section(6, [0x01, 0x7F, 0x00, 0x02, 0x40, 0x0B, 0x41, 0x00, 0x0B])))
        XCTAssertEqual(module?.globals.first?.initializer.instructions, [.block(.empty), .end, .i32Const(0)])
    }

    func testErrorsCarryOffsets() {
        let bytes = B.moduleWithFunction([0x41, 0x00, 0x06, 0x0B])
        XCTAssertThrowsError(try ModuleDecoder.decode(bytes)) { error in
            guard let error = error as? DecodingError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.offset, bytes.count - 2)
            XCTAssertEqual(error.message, "illegal opcode 0x06")
        }
    }
}
