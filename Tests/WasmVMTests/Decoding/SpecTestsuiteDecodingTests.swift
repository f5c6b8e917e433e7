import Foundation
import XCTest
@testable import WasmVM

/// Runs the decoder over every module binary of the WebAssembly 2.0 spec test suite.
///
/// Each `/work/shared/wasm-testsuite/*.wast` script is converted with `wast2json` (found via PATH). Then every
/// `assert_malformed` binary module must fail to decode, and every module that the script expects to be
/// well-formed (`module`, `assert_unlinkable`, `assert_uninstantiable`) must decode. `assert_invalid` modules may
/// go either way (a few invalid constructs, like a `select` with two types, are rejected while decoding); they
/// are only counted.
final class SpecTestsuiteDecodingTests: XCTestCase {
    static let suiteDirectory = URL(fileURLWithPath: "/work/shared/wasm-testsuite")

    private struct Script: Decodable {
        var commands: [Command]
    }

    private struct Command: Decodable {
        var type: String
        var line: Int
        var filename: String?
        var moduleType: String?
        var text: String?

        enum CodingKeys: String, CodingKey {
            case type, line, filename, text
            case moduleType = "module_type"
        }
    }

    func testSpecTestsuiteModulesDecode() throws {
        let fileManager = FileManager.default
        guard let wast2json = Self.executableInPath("wast2json") else {
            XCTFail("wast2json not found in PATH")
            return
        }
        let scripts = try fileManager.contentsOfDirectory(atPath: Self.suiteDirectory.path)
            .filter { $0.hasSuffix(".wast") }.sorted()
        XCTAssertFalse(scripts.isEmpty, "no .wast files in \(Self.suiteDirectory.path)")

        let workDirectory = fileManager.temporaryDirectory
            .appendingPathComponent("wasmvm-decoder-spec-\(UUID().uuidString)")
        try fileManager.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: workDirectory) }

        let jsonFiles = try convert(scripts, with: wast2json, into: workDirectory)

        var wellFormedTotal = 0, wellFormedPassed = 0
        var malformedTotal = 0, malformedPassed = 0, malformedSameMessage = 0
        var invalidTotal = 0, invalidDecoded = 0
        var failures: [String] = []
        var messageMismatches: [String] = []
        var invalidRejected: [String] = []

        for (script, jsonFile) in zip(scripts, jsonFiles) {
            guard let jsonFile else {
                failures.append("\(script): wast2json failed")
                continue
            }
            let parsed = try JSONDecoder().decode(Script.self, from: Data(contentsOf: jsonFile))
            for command in parsed.commands {
                guard let filename = command.filename, filename.hasSuffix(".wasm") else { continue }
                let location = "\(script):\(command.line)"
                let bytes = [UInt8](try Data(contentsOf: jsonFile.deletingLastPathComponent().appendingPathComponent(filename)))
                let result = Result { () throws(DecodingError) -> ModuleDefinition in try ModuleDecoder.decode(bytes) }
                switch command.type {
                case "module", "assert_unlinkable", "assert_uninstantiable", "assert_trap", "assert_exhaustion":
                    wellFormedTotal += 1
                    if case .failure(let error) = result {
                        failures.append("\(location): \(command.type) module failed to decode: \(error)")
                    } else {
                        wellFormedPassed += 1
                    }
                case "assert_malformed" where command.moduleType == "binary":
                    malformedTotal += 1
                    switch result {
                    case .success:
                        failures.append("\(location): malformed module decoded (expected \"\(command.text ?? "")\")")
                    case .failure(let error):
                        malformedPassed += 1
                        if let expected = command.text, error.message.hasPrefix(expected) {
                            malformedSameMessage += 1
                        } else {
                            messageMismatches.append("\(location): expected \"\(command.text ?? "")\", got \"\(error.message)\"")
                        }
                    }
                case "assert_invalid":
                    invalidTotal += 1
                    switch result {
                    case .success: invalidDecoded += 1
                    case .failure(let error): invalidRejected.append("\(location): \(error.message)")
                    }
                default:
                    break
                }
            }
        }

        print("""
            Spec test suite decoding (\(scripts.count) scripts):
              well-formed modules decoded: \(wellFormedPassed)/\(wellFormedTotal)
              assert_malformed binaries rejected: \(malformedPassed)/\(malformedTotal) \
            (\(malformedSameMessage) with the spec interpreter's message as prefix)
              assert_invalid modules that decode (validator's job): \(invalidDecoded)/\(invalidTotal)
            """)
        for mismatch in messageMismatches { print("  message differs: \(mismatch)") }
        for rejection in invalidRejected { print("  assert_invalid rejected while decoding: \(rejection)") }
        for failure in failures { print("  FAILED: \(failure)") }
        XCTAssertGreaterThan(wellFormedTotal, 1000)
        XCTAssertGreaterThan(malformedTotal, 500)
        XCTAssertEqual(failures, [], "\(failures.count) spec suite decoding cases failed")
    }

    /// Converts each script into its own subdirectory, a few `wast2json` processes at a time.
    /// Returns the JSON file of each script, or nil where conversion failed.
    private func convert(_ scripts: [String], with wast2json: URL, into directory: URL) throws -> [URL?] {
        var results: [URL?] = []
        let batchSize = 4
        for batchStart in stride(from: 0, to: scripts.count, by: batchSize) {
            var running: [(Process, URL)] = []
            for script in scripts[batchStart..<min(batchStart + batchSize, scripts.count)] {
                let name = String(script.dropLast(".wast".count))
                let outputDirectory = directory.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
                let output = outputDirectory.appendingPathComponent(name + ".json")
                let process = Process()
                process.executableURL = wast2json
                process.arguments = [Self.suiteDirectory.appendingPathComponent(script).path, "-o", output.path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                running.append((process, output))
            }
            for (process, output) in running {
                process.waitUntilExit()
                results.append(process.terminationStatus == 0 ? output : nil)
            }
        }
        return results
    }

    private static func executableInPath(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
