import Foundation
import WASI
import WasmVM
import XCTest

/// Builds the C programs of Tests/Fixtures/wasi and runs them under WasmVM and under wasmtime.
enum GuestHarness {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/wasi")
    static let generated = repositoryRoot.appendingPathComponent("Tests/Fixtures/.generated/wasi")
    static let wasmtimeRunner = repositoryRoot.appendingPathComponent("Tests/Fixtures/run_wasmtime.py")

    /// The result of one run: what the guest wrote and how it exited.
    struct Outcome: Equatable, CustomStringConvertible {
        var stdout: String
        var exitCode: Int32
        var description: String { "exit \(exitCode)\n\(stdout)" }
    }

    /// Compiles `name`.c with clang-16 for wasm32-wasi (skipping the test if the toolchain is missing), reusing
    /// the binary while it is newer than its source.
    static func module(_ name: String, flags: [String] = []) throws -> URL {
        let source = fixtures.appendingPathComponent("\(name).c")
        let output = generated.appendingPathComponent("\(name).wasm")
        try FileManager.default.createDirectory(at: generated, withIntermediateDirectories: true)
        let fm = FileManager.default
        if let built = try? fm.attributesOfItem(atPath: output.path)[.modificationDate] as? Date,
           let written = try? fm.attributesOfItem(atPath: source.path)[.modificationDate] as? Date, built > written {
            return output
        }
        guard let clang = ["/usr/bin/clang-16", "/usr/local/bin/clang-16"].first(where: fm.isExecutableFile) else {
            throw XCTSkip("clang-16 is not installed (run scripts/setup.sh)")
        }
        let result = try run(clang, ["--target=wasm32-wasi", "-O2"] + flags + ["-o", output.path, source.path])
        guard result.status == 0 else { throw HarnessError("clang-16 failed for \(name).c:\n\(result.stderr)") }
        return output
    }

    /// Runs a module under WasmVM through the public API, with stdout captured in a buffer.
    static func runWasmVM(_ module: URL, arguments: [String] = [], environment: [(String, String)] = [],
                          preopens: [WASIPreopen] = [], stdin: [UInt8] = []) throws -> Outcome {
        let stdout = WASIOutputBuffer()
        let configuration = WASIConfiguration(
            arguments: [module.path] + arguments, environment: environment.map { (name: $0.0, value: $0.1) },
            preopens: preopens, stdin: .bytes(stdin), stdout: .buffer(stdout), stderr: .null)
        let context = try WASIContext(configuration)
        let compiled = try Module(bytes: Array(try Data(contentsOf: module)))
        let result = try context.run(compiled)
        return Outcome(stdout: stdout.text, exitCode: Int32(bitPattern: result.exitCode))
    }

    /// Runs a module under wasmtime (PyPI `wasmtime`), skipping the test if it is not installed.
    static func runWasmtime(_ module: URL, arguments: [String] = [], environment: [(String, String)] = [],
                            preopens: [WASIPreopen] = [], stdin: [UInt8] = []) throws -> Outcome {
        let check = try run("/usr/bin/env", ["python3", "-c", "import wasmtime"])
        guard check.status == 0 else { throw XCTSkip("python wasmtime is not installed (run scripts/setup.sh)") }
        var options: [String] = []
        for preopen in preopens {
            options += [preopen.access == .readOnly ? "--dir-ro" : "--dir", "\(preopen.hostPath)::\(preopen.guestPath)"]
        }
        for (name, value) in environment { options += ["--env", "\(name)=\(value)"] }
        let stdinFile = FileManager.default.temporaryDirectory.appendingPathComponent("wasi-stdin-\(UUID().uuidString)")
        try Data(stdin).write(to: stdinFile)
        defer { try? FileManager.default.removeItem(at: stdinFile) }
        options += ["--stdin", stdinFile.path]
        let result = try run("/usr/bin/env", ["python3", wasmtimeRunner.path] + options + [module.path] + arguments)
        return Outcome(stdout: result.stdout, exitCode: result.status)
    }

    /// A fresh temporary directory holding the standard starting tree of the file tests.
    static func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wasi-tree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("hello, world\n".utf8).write(to: root.appendingPathComponent("hello.txt"))
        try Data("inner\n".utf8).write(to: root.appendingPathComponent("sub/inner.txt"))
        return root
    }

    /// Every path under `root` with its type and contents (symbolic links by target), to compare trees.
    static func snapshot(_ root: URL) -> [String: String] {
        var result: [String: String] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root.path) else { return result }
        while let relative = walker.nextObject() as? String {
            let path = root.appendingPathComponent(relative).path
            if let target = try? fm.destinationOfSymbolicLink(atPath: path) {
                result[relative] = "link:\(target)"
            } else if let data = fm.contents(atPath: path) {
                result[relative] = "file:\(String(decoding: data, as: UTF8.self))"
            } else {
                result[relative] = "dir"
            }
        }
        return result
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
