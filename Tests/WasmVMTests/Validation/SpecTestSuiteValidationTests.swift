import Foundation
import XCTest
@testable import WasmVM

/// Runs the validator over every module of the WebAssembly 2.0 spec test suite (/work/shared/wasm-testsuite):
/// each `.wast` script is converted with `wast2json`, then
/// - every `assert_invalid` module must be rejected (by the validator, or already by the decoder),
/// - every `module`, `assert_unlinkable` and `assert_uninstantiable` module must decode and validate.
final class SpecTestSuiteValidationTests: XCTestCase {
    static let suiteDirectory = URL(fileURLWithPath: "/work/shared/wasm-testsuite")

    /// The part of a wast2json command this test needs.
    struct Command: Decodable {
        var type: String
        var line: Int
        var filename: String?
        var text: String?
        var module_type: String?
    }

    struct Script: Decodable {
        var commands: [Command]
    }

    struct Tally {
        var validModules = 0
        var invalidRejectedByValidator = 0
        var invalidRejectedByDecoder = 0
        /// Rejected, but with a message that is not the one the script expects (reported, not a failure).
        var messageMismatches: [String] = []
        var failures: [String] = []
    }

    func testSpecTestSuiteValidation() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: Self.suiteDirectory.path)
            .filter { $0.hasSuffix(".wast") }
            .sorted()
        guard !scripts.isEmpty else { throw XCTSkip("no .wast files in \(Self.suiteDirectory.path)") }

        let outputDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmvm-validation-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputDirectory) }

        // wast2json is a Python entry point that takes a moment to start, so the scripts are converted several
        // at a time.
        let directories = scripts.map { outputDirectory.appendingPathComponent(String($0.dropLast(".wast".count))) }
        try convert(scripts.map { Self.suiteDirectory.appendingPathComponent($0) }, into: directories)

        var tally = Tally()
        for (script, directory) in zip(scripts, directories) {
            let json = directory.appendingPathComponent("script.json")
            guard FileManager.default.fileExists(atPath: json.path) else { continue }  // Conversion failed.
            let commands = try JSONDecoder().decode(Script.self, from: Data(contentsOf: json)).commands
            for command in commands {
                try check(command, script: script, directory: directory, tally: &tally)
            }
        }

        let summary = """
            spec suite validation: \(scripts.count) scripts, \(tally.validModules) valid modules accepted, \
            \(tally.invalidRejectedByValidator) assert_invalid rejected by the validator, \
            \(tally.invalidRejectedByDecoder) rejected already by the decoder, \
            \(tally.messageMismatches.count) rejected with a different message, \(tally.failures.count) failures
            """
        print(summary)
        for mismatch in tally.messageMismatches.prefix(50) { print("  message: \(mismatch)") }
        for failure in tally.failures.prefix(100) { print("  FAILED: \(failure)") }
        XCTAssertTrue(tally.failures.isEmpty, "\(summary)\n" + tally.failures.prefix(30).joined(separator: "\n"))
    }

    private func check(_ command: Command, script: String, directory: URL, tally: inout Tally) throws {
        let expectsValid: Bool
        switch command.type {
        case "module", "assert_unlinkable", "assert_uninstantiable": expectsValid = true
        case "assert_invalid": expectsValid = false
        default: return
        }
        guard let filename = command.filename, filename.hasSuffix(".wasm") else { return }
        let location = "\(script):\(command.line)"
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(filename)))

        let module: ModuleDefinition
        do {
            module = try ModuleDecoder.decode(bytes)
        } catch {
            if expectsValid {
                tally.failures.append("\(location): decoder rejected a valid module: \(error)")
            } else {
                tally.invalidRejectedByDecoder += 1
                // The decoder stands in for validation here only if it reports the validation error.
                if let expected = command.text, !error.message.hasPrefix(expected) {
                    tally.messageMismatches.append("\(location): expected \"\(expected)\", decoder said \(error)")
                }
            }
            return
        }

        do {
            try ModuleValidator.validate(module)
            if expectsValid {
                tally.validModules += 1
            } else {
                tally.failures.append("\(location): invalid module validated (expected \"\(command.text ?? "")\")")
            }
        } catch {
            if expectsValid {
                tally.failures.append("\(location): valid module rejected: \(error)")
            } else {
                tally.invalidRejectedByValidator += 1
                if let expected = command.text, !error.message.hasPrefix(expected) {
                    tally.messageMismatches.append("\(location): expected \"\(expected)\", got \(error)")
                }
            }
        }
    }

    /// Runs `wast2json` on each script, writing `script.json` and its modules into the matching directory.
    private func convert(_ scripts: [URL], into directories: [URL]) throws {
        let concurrency = max(4, ProcessInfo.processInfo.activeProcessorCount * 2)
        for wave in stride(from: 0, to: scripts.count, by: concurrency) {
            var running: [(Process, URL)] = []
            for i in wave..<min(wave + concurrency, scripts.count) {
                try FileManager.default.createDirectory(at: directories[i], withIntermediateDirectories: true)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["wast2json", scripts[i].path, "-o",
                                     directories[i].appendingPathComponent("script.json").path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    throw XCTSkip("wast2json is not available: \(error)")
                }
                running.append((process, scripts[i]))
            }
            for (process, script) in running {
                process.waitUntilExit()
                if process.terminationStatus != 0 {
                    XCTFail("wast2json failed on \(script.lastPathComponent)")
                }
            }
        }
    }
}
