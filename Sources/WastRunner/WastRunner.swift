import Foundation
import WasmVM

/// Runs WebAssembly spec scripts (`.wast`) against WasmVM.
///
/// ```swift
/// let runner = try WastRunner()
/// let result = try runner.run(file: "testsuite/i32.wast")
/// print(result)                       // i32.wast: 460 passed, 0 failed, 0 n/a
/// for failure in result.failures { print(failure) }
/// ```
///
/// Each file is converted with `wast2json` into a temporary directory of its own (removed afterwards) and run
/// in a fresh ``Store``, so files are independent and may run concurrently from different runners or threads.
public struct WastRunner: Sendable {
    /// Path of the `wast2json` executable in use.
    public let wast2json: String

    /// Whether every action (and `register`) first replaces its instance by a copy restored from a snapshot of
    /// it, so the whole script runs on restored instances: a test of snapshot/restore against the spec's own
    /// expectations. Instances that cannot be captured (imported memory or table, mutable imported global,
    /// functions of other instances) or that are registered for import stay live; the counts are in
    /// ``WastFileResult/snapshotRoundTrips``. Off by default, and then nothing is snapshotted.
    public var snapshotBeforeEachAction: Bool

    /// - Parameters:
    ///   - wast2json: path of the `wast2json` tool; by default the first one on `PATH`.
    ///   - snapshotBeforeEachAction: see ``snapshotBeforeEachAction``.
    public init(wast2json: String? = nil, snapshotBeforeEachAction: Bool = false) throws(WastRunnerError) {
        self.wast2json = try Wast2JSON(path: wast2json).executable
        self.snapshotBeforeEachAction = snapshotBeforeEachAction
    }

    /// Runs every command of one `.wast` file. Throws only when the file as a whole cannot be run (missing,
    /// rejected by wast2json); every command-level problem is a counted failure in the result.
    public func run(file: String) throws(WastRunnerError) -> WastFileResult {
        guard FileManager.default.fileExists(atPath: file) else { throw .fileNotFound(file) }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wastrunner-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        catch { throw .conversionFailed(file: file, "cannot create \(directory.path): \(error)") }
        defer { try? FileManager.default.removeItem(at: directory) }

        let json = try Wast2JSON(path: wast2json).convert(file, into: directory)
        let script: WastScript
        do { script = try JSONDecoder().decode(WastScript.self, from: Data(contentsOf: json)) }
        catch { throw .unreadableScript(file: file, "\(error)") }

        let session = try ScriptSession(file: file, directory: directory,
                                        snapshotBeforeEachAction: snapshotBeforeEachAction)
        for command in script.commands { session.execute(command) }
        return session.result
    }

    /// The `.wast` files directly inside `directory` (not in subfolders such as `proposals/`), sorted by name.
    public static func scripts(in directory: String) throws(WastRunnerError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) }
        catch { throw .fileNotFound(directory) }
        return names
            .filter { $0.hasSuffix(".wast") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}
