import Foundation
import WASI
import WasmVM
import XCTest

/// A snapshot taken midway through a stateful computation (``SteppedGuest``): N steps in one live instance are
/// the reference; another instance runs K steps, is snapshotted, and restored copies run the remaining N − K.
/// Their step results and their output must continue the reference exactly.
final class MidComputationSnapshotTests: XCTestCase {
    private static let totalSteps = 200

    func testRestoredCopiesContinueTheComputation() throws {
        let module = try SteppedGuest.module()

        let reference = try WASIGuestInstance.instantiate(module)
        var expected: [[Value]] = []
        for _ in 0..<Self.totalSteps { expected.append(try reference.run("step").results) }
        XCTAssertEqual(try reference.run("finish").results, [.i32(UInt32(Self.totalSteps))])
        let expectedOutput = reference.stdout.text
        XCTAssertTrue(expectedOutput.contains("step \(Self.totalSteps - 2) digest"), expectedOutput)
        XCTAssertEqual(Set(expected).count, Self.totalSteps, "every step changes the digest")

        // Snapshot points: before the first step, early, in the middle (between blocks), and near the end.
        var snapshotsWithBufferedOutput = 0
        for stepsBefore in [0, 1, 37, 123, 199] {
            let live = try WASIGuestInstance.instantiate(module)
            for index in 0..<stepsBefore {
                XCTAssertEqual(try live.run("step").results, expected[index], "live step \(index)")
            }
            let template = try live.snapshot()
            // What the live instance printed so far; the rest is in its stdio buffer, and so in the snapshot.
            let printedBefore = live.stdout.text
            let producedBefore = expectedOutput.split(separator: "\n", omittingEmptySubsequences: true)
                .prefix { line in line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 <= stepsBefore } ?? false }
                .map { $0 + "\n" }.joined()
            if printedBefore.count < producedBefore.count { snapshotsWithBufferedOutput += 1 }

            for copyNumber in 1...2 {
                let copy = try WASIGuestInstance.restore(template)
                for index in stepsBefore..<Self.totalSteps {
                    let results = try copy.run("step").results
                    guard results == expected[index] else {
                        XCTFail("copy \(copyNumber) snapshotted after \(stepsBefore) steps: step \(index) gave "
                                + "\(results), expected \(expected[index])")
                        break
                    }
                }
                XCTAssertEqual(try copy.run("finish").results, [.i32(UInt32(Self.totalSteps))])
                XCTAssertEqual(printedBefore + copy.stdout.text, expectedOutput,
                               "copy \(copyNumber) snapshotted after \(stepsBefore) steps: output")
            }

            // The live instance goes on too, unaffected by its copies.
            for index in stepsBefore..<Self.totalSteps {
                XCTAssertEqual(try live.run("step").results, expected[index], "live step \(index) after the snapshot")
            }
            XCTAssertEqual(try live.run("finish").results, [.i32(UInt32(Self.totalSteps))])
            XCTAssertEqual(live.stdout.text, expectedOutput)
        }
        // The point of the stdio check: some snapshots held output that libc had buffered but not yet written.
        XCTAssertGreaterThan(snapshotsWithBufferedOutput, 0)
    }
}
