import XCTest
@testable import WasmVM

/// Builds small module binaries by hand for the decoder tests, and checks decoding outcomes.
enum DecoderTestBinary {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    /// Minimal unsigned LEB128.
    static func u32(_ value: UInt32) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    /// Minimal signed LEB128.
    static func s64(_ value: Int64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while true {
            let byte = UInt8(value & 0x7F)
            value >>= 7
            let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0)
            bytes.append(done ? byte : byte | 0x80)
            if done { return bytes }
        }
    }

    static func name(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        return u32(UInt32(utf8.count)) + utf8
    }

    static func vector(_ items: [[UInt8]]) -> [UInt8] {
        u32(UInt32(items.count)) + items.flatMap { $0 }
    }

    static func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [id] + u32(UInt32(payload.count)) + payload
    }

    static func module(_ sections: [UInt8]...) -> [UInt8] {
        header + sections.flatMap { $0 }
    }

    /// A code section entry: size, local declarations and instructions (which must include the final `end`).
    static func body(locals: [(UInt32, UInt8)] = [], _ code: [UInt8]) -> [UInt8] {
        let content = vector(locals.map { u32($0.0) + [$0.1] }) + code
        return u32(UInt32(content.count)) + content
    }

    static let emptyFunctionType = section(1, vector([[0x60, 0x00, 0x00]]))

    /// A module with one memory and one `() -> ()` function whose body is `code` (ending with `end`).
    static func moduleWithFunction(_ code: [UInt8], locals: [(UInt32, UInt8)] = [], dataCount: Bool = false) -> [UInt8] {
        var bytes = header + emptyFunctionType + section(3, vector([[0x00]])) + section(5, vector([[0x00, 0x01]]))
        if dataCount { bytes += section(12, u32(0)) }
        return bytes + section(10, vector([body(locals: locals, code)]))
    }

    // MARK: Assertions

    @discardableResult
    static func assertDecodes(
        _ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line
    ) -> ModuleDefinition? {
        do {
            return try ModuleDecoder.decode(bytes)
        } catch {
            XCTFail("unexpected decoding error: \(error)", file: file, line: line)
            return nil
        }
    }

    /// Asserts that decoding fails with a message that starts with `message` (the spec interpreter's wording).
    static func assertMalformed(
        _ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            _ = try ModuleDecoder.decode(bytes)
            XCTFail("decoded, expected \"\(message)\"", file: file, line: line)
        } catch {
            XCTAssertTrue(
                error.message.hasPrefix(message), "expected \"\(message)\", got \"\(error.message)\"",
                file: file, line: line)
        }
    }

    /// Decodes all instructions of `code` with an `InstructionReader`.
    static func instructions(_ code: [UInt8]) throws(DecodingError) -> [Instruction] {
        var reader = InstructionReader(bytes: code, range: 0..<code.count)
        var result: [Instruction] = []
        while !reader.isAtEnd { result.append(try reader.read()) }
        return result
    }
}
