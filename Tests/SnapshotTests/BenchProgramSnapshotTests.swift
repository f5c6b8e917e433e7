import Foundation
import WASI
import WasmVM
import XCTest

/// The benchmark programs (hash, interp, sieve, strings) snapshotted between two runs: after one run in a live
/// instance, the live instance and two restored copies each run the program again, and everything they
/// return and print must be identical. The second run starts from the heap, stdio and static data the
/// first one left behind, so the restored copies must carry all of it.
final class BenchProgramSnapshotTests: XCTestCase {
    /// Program sizes (`argv[1]`) kept small: each program runs four times per test.
    private static let sizes: [String: Int32] = ["hash": 1, "interp": 3000, "sieve": 1, "strings": 1]

    func testHashContinuesIdenticallyAfterRestore() throws { try checkRunAfterRestore("hash") }
    func testInterpContinuesIdenticallyAfterRestore() throws { try checkRunAfterRestore("interp") }
    func testSieveContinuesIdenticallyAfterRestore() throws { try checkRunAfterRestore("sieve") }
    func testStringsContinuesIdenticallyAfterRestore() throws { try checkRunAfterRestore("strings") }

    private func checkRunAfterRestore(_ program: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let size = try XCTUnwrap(Self.sizes[program])
        let module = try BenchGuest.module(program)
        let live = try WASIGuestInstance.instantiate(module)
        let first = try live.run("run_once", [.i32(UInt32(bitPattern: size))])
        XCTAssertTrue(first.stdout.hasPrefix("\(program) "), "first run printed \(first.stdout.debugDescription)",
                      file: file, line: line)

        let template = try live.snapshot()
        let restored = try WASIGuestInstance.restore(template)
        let secondRestored = try WASIGuestInstance.restore(template)

        let expected = try live.run("run_once", [.i32(UInt32(bitPattern: size))])
        XCTAssertFalse(expected.stdout.isEmpty, file: file, line: line)
        for (label, copy) in [("restored", restored), ("second restored", secondRestored)] {
            let again = try copy.run("run_once", [.i32(UInt32(bitPattern: size))])
            XCTAssertEqual(again.results, expected.results, "\(program): \(label) return value", file: file, line: line)
            XCTAssertEqual(again.stdout, expected.stdout, "\(program): \(label) stdout", file: file, line: line)
            XCTAssertEqual(copy.stderr.text, live.stderr.text, "\(program): \(label) stderr", file: file, line: line)
            // The whole state afterwards, not only what was printed: same memory, globals and tables.
            XCTAssertEqual(try copy.instance.snapshot().bytes, try live.instance.snapshot().bytes,
                           "\(program): \(label) state after the second run", file: file, line: line)
        }
        print("\(program): \(expected.stdout.trimmingCharacters(in: .newlines)) — live and 2 restored copies agree")
    }
}
