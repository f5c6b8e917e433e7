import CGIBridge
import Foundation
import Synchronization
import WASI
import WasmVM
import XCTest

/// The C guests of Tests/Fixtures/cgi, compiled on demand and loaded once per test run.
enum CGIGuest {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/cgi")
    static let generated = repositoryRoot.appendingPathComponent("Tests/Fixtures/.generated/cgi")
    static let phpCGI = repositoryRoot.appendingPathComponent("Guests/php/out/php-cgi.wasm")

    /// Compiled modules by fixture name: compiling and validating once is what a server does at start-up.
    private static let modules = Mutex<[String: Module]>([:])

    /// The module built from `name`.c with `clang-16 --target=wasm32-wasi -O2` (skipping the test when clang-16
    /// is missing), rebuilt only when the source is newer than the binary.
    static func module(_ name: String) throws -> Module {
        if let module = modules.withLock({ $0[name] }) { return module }
        let fm = FileManager.default
        let source = fixtures.appendingPathComponent("\(name).c")
        let output = generated.appendingPathComponent("\(name).wasm")
        try fm.createDirectory(at: generated, withIntermediateDirectories: true)
        let built = (try? fm.attributesOfItem(atPath: output.path)[.modificationDate]) as? Date
        let written = (try? fm.attributesOfItem(atPath: source.path)[.modificationDate]) as? Date
        if built == nil || written == nil || built! <= written! {
            guard let clang = ["/usr/bin/clang-16", "/usr/local/bin/clang-16"].first(where: fm.isExecutableFile) else {
                throw XCTSkip("clang-16 is not installed (run scripts/setup.sh)")
            }
            // Compile to a private name and rename, so concurrently running test processes never read half a file.
            let partial = generated.appendingPathComponent("\(name).\(UUID().uuidString).partial")
            let (status, errors) = try run(clang, ["--target=wasm32-wasi", "-O2", "-o", partial.path, source.path])
            guard status == 0 else { throw GuestBuildError(description: "clang-16 failed for \(name).c:\n\(errors)") }
            _ = try? fm.removeItem(at: output)
            try fm.moveItem(at: partial, to: output)
        }
        let module = try Module(bytes: Array(try Data(contentsOf: output)))
        modules.withLock { $0[name] = module }
        return module
    }

    /// The module built from C `source` kept in a test file (the guests of this folder's own tests), compiled
    /// like the fixtures into the generated folder; recompiled only when the source text changes.
    static func module(named name: String, source: String, flags: [String] = []) throws -> Module {
        let key = "\(name) \(flags)"
        if let module = modules.withLock({ $0[key] }) { return module }
        let fm = FileManager.default
        try fm.createDirectory(at: generated, withIntermediateDirectories: true)
        let sourceFile = generated.appendingPathComponent("\(name).c")
        let output = generated.appendingPathComponent("\(name).wasm")
        let existing = try? String(contentsOf: sourceFile, encoding: .utf8)
        if existing != source || !fm.fileExists(atPath: output.path) {
            guard let clang = ["/usr/bin/clang-16", "/usr/local/bin/clang-16"].first(where: fm.isExecutableFile) else {
                throw XCTSkip("clang-16 is not installed (run scripts/setup.sh)")
            }
            let unique = UUID().uuidString
            let partialSource = generated.appendingPathComponent("\(name).\(unique).c")
            let partial = generated.appendingPathComponent("\(name).\(unique).partial")
            try Data(source.utf8).write(to: partialSource)
            defer { try? fm.removeItem(at: partialSource) }
            let (status, errors) = try run(clang, ["--target=wasm32-wasi", "-O2"] + flags
                                                  + ["-o", partial.path, partialSource.path])
            guard status == 0 else { throw GuestBuildError(description: "clang-16 failed for \(name):\n\(errors)") }
            _ = try? fm.removeItem(at: output)
            try fm.moveItem(at: partial, to: output)
            _ = try? fm.removeItem(at: sourceFile)
            try Data(source.utf8).write(to: sourceFile)
        }
        let module = try Module(bytes: Array(try Data(contentsOf: output)))
        modules.withLock { $0[key] = module }
        return module
    }

    /// An application running fixture `name`, with the log captured by `log`.
    static func application(_ name: String, log: LogRecorder = LogRecorder(),
                            configure: (inout CGIConfiguration) -> Void = { _ in }) throws -> CGIApplication {
        var configuration = CGIConfiguration(log: log.sink)
        configure(&configuration)
        return CGIApplication(module: try module(name), configuration: configuration)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

struct GuestBuildError: Error, CustomStringConvertible {
    var description: String
}

/// Collects the bridge's log lines (from any thread) for assertions.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
    var text: String { all.joined(separator: "\n") }
}

extension CGIResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The guest's environment as env_echo reported it in X-Env headers, in order.
    var reportedEnvironment: [String] { headers(named: "X-Env") }
}
