import Foundation
import WastRunner
import XCTest

/// The bookkeeping of WastRunner's snapshot round-trip mode on a small script whose every outcome is known:
/// which actions ran on restored copies, which stayed live and why, and that state carries from copy to copy.
final class SnapshotRoundTripModeTests: XCTestCase {
    private static let script = """
    (module $A
      (memory 1)
      (global $count (mut i32) (i32.const 0))
      (func (export "bump") (result i32)
        (global.set $count (i32.add (global.get $count) (i32.const 1)))
        (i32.store (i32.const 0) (i32.mul (global.get $count) (i32.const 10)))
        (global.get $count))
      (func (export "load") (result i32) (i32.load (i32.const 0))))
    (assert_return (invoke "bump") (i32.const 1))
    (assert_return (invoke "bump") (i32.const 2))
    (assert_return (invoke "load") (i32.const 20))
    (module $B (import "spectest" "memory" (memory 1 2))
      (func (export "seven") (result i32) (i32.const 7)))
    (assert_return (invoke $B "seven") (i32.const 7))
    (assert_return (invoke $A "bump") (i32.const 3))
    (register "A" $A)
    (assert_return (invoke $A "load") (i32.const 30))
    """

    private func run(snapshotting: Bool) throws -> WastFileResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("stateful.wast")
        try Self.script.write(to: file, atomically: true, encoding: .utf8)
        return try WastRunner(snapshotBeforeEachAction: snapshotting).run(file: file.path)
    }

    func testCountsWhereEachActionRan() throws {
        let result = try run(snapshotting: true)
        XCTAssertTrue(result.succeeded, "\(result): \(result.failures)")
        XCTAssertEqual(result.passed, 9)
        var expected = SnapshotRoundTripCounts()
        // bump, bump, load, $A.bump, and the register itself (before it, $A is not yet shared).
        expected.restored = 5
        // $B imports spectest's memory.
        expected.notCapturable = 1
        expected.firstRefusal = "memory import \"spectest\".\"memory\": an imported memory's contents live outside the instance"
        // The load after $A was registered runs on the instance the registration exported.
        expected.registered = 1
        XCTAssertEqual(result.snapshotRoundTrips, expected)
        XCTAssertTrue(result.description.hasSuffix("; snapshots: \(expected)"), result.description)
    }

    func testNormalModeTakesNoSnapshots() throws {
        let result = try run(snapshotting: false)
        XCTAssertTrue(result.succeeded, "\(result): \(result.failures)")
        XCTAssertEqual(result.passed, 9)
        XCTAssertNil(result.snapshotRoundTrips)
        XCTAssertEqual(result.description, "stateful.wast: 9 passed, 0 failed, 0 n/a")
    }
}
