import Foundation
import XCTest

/// Compiles WebAssembly text with `wat2wasm` (PyPI wabt, installed by Scripts/setup.sh) for tests.
enum WatCompiler {
    static func compile(_ wat: String, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wasmvm-wat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("module.wat")
        let output = directory.appendingPathComponent("module.wasm")
        try wat.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["wat2wasm", "--debug-names", input.path, "-o", output.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTFail("wat2wasm failed: \(message)", file: file, line: line)
            throw CocoaError(.fileReadCorruptFile)
        }
        return Array(try Data(contentsOf: output))
    }
}
