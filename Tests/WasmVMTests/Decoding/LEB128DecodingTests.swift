import XCTest
@testable import WasmVM

/// LEB128 edge cases: non-minimal encodings, too many bytes, unused bits in the last byte.
final class LEB128DecodingTests: XCTestCase {
    /// Reads one value with `read` from `bytes` and checks that all bytes were consumed.
    private func decode<T>(
        _ bytes: [UInt8], _ read: (inout ByteCursor) throws(DecodingError) -> T
    ) throws(DecodingError) -> T {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DecodingError) -> T in
            var cursor = ByteCursor(base: buffer.baseAddress!, binaryLength: buffer.count, position: 0, end: buffer.count)
            let value = try read(&cursor)
            XCTAssertTrue(cursor.isAtEnd, "\(bytes) not fully consumed")
            return value
        }
    }

    private func u32(_ bytes: [UInt8]) throws(DecodingError) -> UInt32 { try decode(bytes) { c throws(DecodingError) in try c.readU32() } }
    private func s32(_ bytes: [UInt8]) throws(DecodingError) -> Int32 { try decode(bytes) { c throws(DecodingError) in try c.readS32() } }
    private func s33(_ bytes: [UInt8]) throws(DecodingError) -> Int64 { try decode(bytes) { c throws(DecodingError) in try c.readS33() } }
    private func s64(_ bytes: [UInt8]) throws(DecodingError) -> Int64 { try decode(bytes) { c throws(DecodingError) in try c.readS64() } }

    private func assertError<T>(
        _ expression: @autoclosure () throws(DecodingError) -> T, _ message: String, line: UInt = #line
    ) {
        do {
            let value = try expression()
            XCTFail("decoded \(value), expected \(message)", line: line)
        } catch {
            XCTAssertEqual(error.message, message, line: line)
        }
    }

    func testUnsigned32() throws {
        XCTAssertEqual(try u32([0x00]), 0)
        XCTAssertEqual(try u32([0x7F]), 127)
        XCTAssertEqual(try u32([0x80, 0x01]), 128)
        XCTAssertEqual(try u32([0x82, 0x00]), 2)  // non-minimal
        XCTAssertEqual(try u32([0x82, 0x80, 0x80, 0x80, 0x00]), 2)
        XCTAssertEqual(try u32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), UInt32.max)
        assertError(try u32([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]), "integer too large")
        assertError(try u32([0x80, 0x80, 0x80, 0x80, 0x70]), "integer too large")
        assertError(try u32([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), "integer representation too long")
        assertError(try u32([0x80, 0x80]), "unexpected end of section or function")
        assertError(try u32([]), "unexpected end of section or function")
    }

    func testSigned32() throws {
        XCTAssertEqual(try s32([0x00]), 0)
        XCTAssertEqual(try s32([0x7F]), -1)
        XCTAssertEqual(try s32([0x3F]), 63)
        XCTAssertEqual(try s32([0x40]), -64)
        XCTAssertEqual(try s32([0xFF, 0x7F]), -1)
        XCTAssertEqual(try s32([0x80, 0x80, 0x80, 0x80, 0x78]), Int32.min)
        XCTAssertEqual(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x07]), Int32.max)
        XCTAssertEqual(try s32([0x80, 0x80, 0x80, 0x80, 0x00]), 0)
        XCTAssertEqual(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]), -1)
        assertError(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), "integer too large")  // sign bit 0, extension 1
        assertError(try s32([0x80, 0x80, 0x80, 0x80, 0x70]), "integer too large")  // sign bit 0, extension set
        assertError(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x4F]), "integer too large")
        assertError(try s32([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), "integer representation too long")
        assertError(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]), "integer representation too long")
    }

    func testSigned33() throws {
        XCTAssertEqual(try s33([0x00]), 0)
        XCTAssertEqual(try s33([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), 0xFFFF_FFFF)
        XCTAssertEqual(try s33([0x80, 0x80, 0x80, 0x80, 0x70]), -(1 << 32))
        assertError(try s33([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]), "integer too large")
        assertError(try s33([0x80, 0x80, 0x80, 0x80, 0x60]), "integer too large")
        assertError(try s33([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), "integer representation too long")
    }

    func testSigned64() throws {
        XCTAssertEqual(try s64([0x7F]), -1)
        XCTAssertEqual(try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F]), Int64.min)
        XCTAssertEqual(try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]), Int64.max)
        XCTAssertEqual(try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), 0)
        assertError(try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), "integer too large")
        assertError(try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7E]), "integer too large")
        assertError(try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41]), "integer too large")
        assertError(
            try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), "integer representation too long")
    }

    func testLEB128InModulePositions() {
        typealias B = DecoderTestBinary
        // Non-minimal encodings are fine wherever a u32 is expected.
        B.assertDecodes(B.header + [0x05, 0x07, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x00])
        B.assertDecodes(B.header + [0x00, 0x8A, 0x00, 0x01, 0x31] + Array("23456789".utf8))
        // ... but not too long or too large.
        B.assertMalformed(B.header + [0x05, 0x08, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00], "integer representation too long")
        B.assertMalformed(B.header + [0x05, 0x07, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x10], "integer too large")
        B.assertMalformed(B.header + [0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], "integer representation too long")
        // i32.const / i64.const in a global initialiser.
        B.assertMalformed(B.module(B.section(6, [0x01, 0x7F, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0B])), "integer too large")
        B.assertMalformed(
            B.module(B.section(6, [0x01, 0x7E, 0x00, 0x42] + [UInt8](repeating: 0x80, count: 9) + [0x02, 0x0B])),
            "integer too large")
    }
}
