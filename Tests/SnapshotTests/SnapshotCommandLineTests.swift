import Foundation
import XCTest

/// `wasmvm snapshot create` and `wasmvm run --snapshot`, end to end through the built binary.
final class SnapshotCommandLineTests: XCTestCase {
    private struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `wasmvm` binary built next to the tests (or named by `WASMVM_BINARY`), if it has `snapshot`.
    private func wasmvm() throws -> String {
        // The test bundle is a directory next to the products on macOS; on Linux its "bundle URL" is the products
        // directory itself.
        let bundle = Bundle(for: Self.self).bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("wasmvm").path }
        let binary = ProcessInfo.processInfo.environment["WASMVM_BINARY"]
            ?? candidates.first(where: FileManager.default.isExecutableFile) ?? candidates[0]
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("wasmvm is not built at \(binary) (set WASMVM_BINARY)")
            throw CocoaError(.fileNoSuchFile)
        }
        guard try run(binary, ["snapshot", "create", "--help"]).status == 0 else {
            XCTFail("\(binary) has no `snapshot create` command (a stale build?)")
            throw CocoaError(.featureUnsupported)
        }
        return binary
    }

    private func run(_ executable: String, _ arguments: [String], stdin: String = "",
                     in directory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // stderr goes to a file, so a chatty child cannot block on a full pipe while stdout is read.
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent("wasmvm-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorsFile)
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let stdoutData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderrData = try Data(contentsOf: errorsFile)
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                       stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func testCreateThenRunRestoredSnapshots() throws {
        let binary = try wasmvm()
        let directory = try ReactorGuest.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let module = try ReactorGuest.build(in: directory)
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("from-config\n".utf8).write(to: data.appendingPathComponent("config.txt"))
        let snapshot = directory.appendingPathComponent("reactor.snap").path

        // Relative paths (run in `directory`): the snapshot records them as absolute ones.
        let created = try run(binary, ["snapshot", "create", "--dir-ro", "data::/data", "--env", "NAME=warm",
                                       "--init", "init", "reactor.wasm", "-o", "reactor.snap"], in: directory)
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshot))

        // Two runs of the same snapshot, each with its own environment and stdin; the module is found through the
        // path the snapshot recorded, and the preopen is the snapshot's.
        for (name, input) in [("alice", "one"), ("bob", "two")] {
            let restored = try run(binary, ["run", "--snapshot", snapshot, "--env", "NAME=\(name)", "--invoke", "handle"],
                                   stdin: input)
            XCTAssertEqual(restored.status, 0, restored.stderr)
            XCTAssertEqual(restored.stdout, "config=from-config name=\(name) stdin=\(input) counter=1 scratch=pristine "
                           + "reopen=ok\ni32:1\n")
        }
        // The exit status of `proc_exit` is the command's.
        let exited = try run(binary, ["run", "--snapshot", snapshot, "--module", module.path, "--invoke", "finish"])
        XCTAssertEqual(exited.status, 7, exited.stderr)
        XCTAssertEqual(exited.stdout, "finishing\n")

        // Errors: another guest path, a damaged file, the wrong module, an open file at snapshot time.
        let otherPath = try run(binary, ["run", "--snapshot", snapshot, "--dir", "\(data.path)::/elsewhere", "--invoke", "handle"])
        XCTAssertEqual(otherPath.status, 1)
        XCTAssertTrue(otherPath.stderr.contains("[/data]"), otherPath.stderr)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        bytes[bytes.count / 2] ^= 0xFF
        let damaged = directory.appendingPathComponent("damaged.snap")
        try bytes.write(to: damaged)
        let corrupt = try run(binary, ["run", "--snapshot", damaged.path, "--invoke", "handle"])
        XCTAssertEqual(corrupt.status, 1)
        XCTAssertTrue(corrupt.stderr.contains("checksum mismatch"), corrupt.stderr)
        let notASnapshot = try run(binary, ["run", "--snapshot", module.path, "--invoke", "handle"])
        XCTAssertEqual(notASnapshot.status, 1)
        XCTAssertTrue(notASnapshot.stderr.contains("not a WasmVM snapshot"), notASnapshot.stderr)
        let otherModule = directory.appendingPathComponent("other.wasm")
        var moduleBytes = try Data(contentsOf: module)
        moduleBytes.append(contentsOf: [0, 4, 3, 0x61, 0x62, 0x63])  // a custom section "abc": same code, another hash
        try moduleBytes.write(to: otherModule)
        let wrongModule = try run(binary, ["run", "--snapshot", snapshot, "--module", otherModule.path, "--invoke", "handle"])
        XCTAssertEqual(wrongModule.status, 1)
        XCTAssertTrue(wrongModule.stderr.contains("not of the given module"), wrongModule.stderr)
        let openFile = try run(binary, ["snapshot", "create", "--dir", "\(data.path)::/data", "--init", "open_file",
                                        module.path, "-o", directory.appendingPathComponent("never.snap").path])
        XCTAssertEqual(openFile.status, 1)
        XCTAssertTrue(openFile.stderr.contains("descriptor 4 (an open file) is open"), openFile.stderr)
    }
}
