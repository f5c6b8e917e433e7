import Foundation
import WasmVM
import XCTest

/// Compiles C sources into a wasm32-wasi reactor module with clang-16 (skipping the test when it is missing),
/// for tests that snapshot real C programs.
enum GuestCompiler {
    static let clang = "/usr/bin/clang-16"

    /// Compiles `files` (paths) plus `inline` sources (written to a temporary directory) with `-O2` as a reactor
    /// (`_initialize`, no `main` entry point), with `arguments` added, into a module.
    static func reactor(files: [String] = [], inline: [(name: String, source: String)] = [],
                        arguments: [String] = []) throws -> Module {
        guard FileManager.default.isExecutableFile(atPath: clang) else { throw XCTSkip("clang-16 is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var inputs = files
        for (name, source) in inline {
            let path = directory.appendingPathComponent(name)
            try source.write(to: path, atomically: true, encoding: .utf8)
            inputs.append(path.path)
        }
        let output = directory.appendingPathComponent("guest.wasm")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: clang)
        process.arguments = ["--target=wasm32-wasi", "-mexec-model=reactor", "-O2"] + arguments
            + ["-o", output.path] + inputs
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw XCTSkip("clang-16 cannot build a wasm32-wasi reactor here: \(message)")
        }
        return try Module(bytes: Array(try Data(contentsOf: output)))
    }
}
