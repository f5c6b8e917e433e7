import Foundation
import WastRunner
import XCTest

/// Locates the WebAssembly spec test suite and runs groups of its scripts as XCTest assertions.
enum SpecSuite {
    /// `$WASM_TESTSUITE`, or else `../shared/wasm-testsuite` next to the package root (this file is
    /// `<root>/Tests/SpecTests/SpecSuite.swift`).
    static var directory: String {
        if let path = ProcessInfo.processInfo.environment["WASM_TESTSUITE"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("../shared/wasm-testsuite").standardizedFileURL.path
    }

    /// The suite's top-level scripts (not `proposals/`), by file name.
    static func scripts() throws -> [String] {
        try WastRunner.scripts(in: directory).map { ($0 as NSString).lastPathComponent }
    }

    /// Runs the scripts whose names satisfy `belongs`, printing each file's result; every failure and every
    /// skip fails the test, with the file's failure messages (a few per file) in the test log.
    static func run(_ group: String, where belongs: (String) -> Bool,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let names = try scripts().filter(belongs)
        XCTAssertFalse(names.isEmpty, "no scripts in group \(group) under \(directory)", file: file, line: line)
        let runner = try WastRunner()
        var passed = 0, failed = 0, skipped = 0, notApplicable = 0
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            let result: WastFileResult
            do { result = try runner.run(file: path) } catch {
                XCTFail("\(name): \(error)", file: file, line: line)
                failed += 1
                continue
            }
            print(result)
            passed += result.passed
            failed += result.failed
            skipped += result.skipped
            notApplicable += result.notApplicable
            if !result.succeeded {
                let details = result.failures.prefix(10).map { "  \($0)" }.joined(separator: "\n")
                let more = result.failures.count > 10 ? "\n  ... and \(result.failures.count - 10) more" : ""
                XCTFail("\(result)\n\(details)\(more)", file: file, line: line)
            }
        }
        print("\(group): \(names.count) files, \(passed) passed, \(failed) failed, \(skipped) skipped, "
              + "\(notApplicable) n/a")
    }
}
