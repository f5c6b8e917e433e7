import Foundation
import WastRunner
import XCTest

/// The whole WebAssembly spec suite run on restored instances: before every action the instance is
/// snapshotted, the file verified and restored, and the copy continues the script (``WastRunner``'s
/// `snapshotBeforeEachAction` mode). The spec's own assertions then check that state which earlier commands
/// built up — memory, globals, tables, dropped segments — came through every snapshot intact.
final class SpecSuiteSnapshotTests: XCTestCase {
    /// `$WASM_TESTSUITE`, or else `../shared/wasm-testsuite` next to the package root (this file is
    /// `<root>/Tests/SnapshotTests/SpecSuiteSnapshotTests.swift`), as in Tests/SpecTests.
    private static var suiteDirectory: String {
        if let path = ProcessInfo.processInfo.environment["WASM_TESTSUITE"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("../shared/wasm-testsuite").standardizedFileURL.path
    }

    /// Fewer restores than this means the mode silently stopped restoring. The WebAssembly 2.0 suite gives
    /// 46,906 (with 1,379 actions on instances that cannot be captured and 49 on registered ones); the test
    /// prints the actual numbers.
    private static let minimumRestoredActions = 20_000

    func testEverySpecScriptPassesOnRestoredInstances() throws {
        let files = try WastRunner.scripts(in: Self.suiteDirectory)
        XCTAssertGreaterThan(files.count, 100, "spec scripts under \(Self.suiteDirectory)")
        let runner = try WastRunner(snapshotBeforeEachAction: true)

        // Files are independent (a store each), so they run on all cores; results are reported in name order.
        let outcomes = ConcurrentResults<Result<WastFileResult, WastRunnerError>>(count: files.count)
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            outcomes[index] = Result { () throws(WastRunnerError) in try runner.run(file: files[index]) }
        }
        let elapsed = ContinuousClock.now - start

        var total = SnapshotRoundTripCounts()
        var passed = 0, failed = 0, skipped = 0
        for (file, outcome) in zip(files, outcomes.values) {
            let result: WastFileResult
            switch outcome {
            case .success(let value): result = value
            case .failure(let error):
                XCTFail("\((file as NSString).lastPathComponent): \(error)")
                continue
            }
            print(result)
            passed += result.passed
            failed += result.failed
            skipped += result.skipped
            if let counts = result.snapshotRoundTrips {
                total.restored += counts.restored
                total.notCapturable += counts.notCapturable
                total.registered += counts.registered
                if let refusal = counts.firstRefusal { print("  first refusal: \(refusal)") }
            } else {
                XCTFail("\(result): no snapshot counts, so the round-trip mode was off")
            }
            if !result.succeeded {
                let details = result.failures.prefix(10).map { "  \($0)" }.joined(separator: "\n")
                XCTFail("\(result)\n\(details)")
            }
        }
        print("spec suite through snapshots: \(files.count) files, \(passed) passed, \(failed) failed, "
              + "\(skipped) skipped; actions: \(total) (\(elapsed))")
        XCTAssertEqual(failed, 0)
        XCTAssertEqual(skipped, 0)
        XCTAssertGreaterThan(total.restored, Self.minimumRestoredActions)
    }
}

/// One slot per concurrent task, written once each; read after all tasks have finished.
private final class ConcurrentResults<Element>: @unchecked Sendable {
    // @unchecked: every index is written by exactly one task, under the lock, and read only afterwards.
    private var slots: [Element?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Element? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Element] { lock.withLock { slots.map { $0! } } }
}
