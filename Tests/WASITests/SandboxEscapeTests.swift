import Foundation
import WASI
import XCTest

/// A guest that tries every way out of its preopens it can think of (Tests/Fixtures/wasi/sandbox_escape.c).
/// Each attempt must fail with the expected errno (sandbox_escape.expected), and the host tree must show that
/// nothing outside the read-write preopen changed.
final class WASISandboxEscapeTests: XCTestCase {
    func testEscapeAttemptsAreDenied() throws {
        let module = try GuestHarness.module("sandbox_escape")
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("wasi-escape-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let sandbox = root.appendingPathComponent("sandbox"), readonly = root.appendingPathComponent("readonly")
        try fm.createDirectory(at: sandbox.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try fm.createDirectory(at: readonly.appendingPathComponent("inner"), withIntermediateDirectories: true)
        try Data("secret\n".utf8).write(to: root.appendingPathComponent("secret.txt"))
        try Data("hello\n".utf8).write(to: sandbox.appendingPathComponent("hello.txt"))
        try Data("inner\n".utf8).write(to: sandbox.appendingPathComponent("sub/inner.txt"))
        try Data("ro\n".utf8).write(to: readonly.appendingPathComponent("file.txt"))
        try Data("deep\n".utf8).write(to: readonly.appendingPathComponent("inner/deep.txt"))
        try fm.createSymbolicLink(atPath: sandbox.appendingPathComponent("host-absolute").path,
                                  withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(atPath: sandbox.appendingPathComponent("host-relative").path,
                                  withDestinationPath: "../secret.txt")
        try fm.createSymbolicLink(atPath: sandbox.appendingPathComponent("host-up").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: sandbox.appendingPathComponent("host-chain").path,
                                  withDestinationPath: "host-relative")
        let readonlyBefore = GuestHarness.snapshot(readonly)
        let sandboxBefore = GuestHarness.snapshot(sandbox)

        let outcome = try GuestHarness.runWasmVM(module, preopens: [
            WASIPreopen(hostPath: sandbox.path, guestPath: "/sandbox"),
            WASIPreopen(hostPath: readonly.path, guestPath: "/readonly", access: .readOnly),
        ])

        // Kept for inspection (and to refresh the expectation after a deliberate change).
        try Data(outcome.stdout.utf8).write(to: GuestHarness.generated.appendingPathComponent("sandbox_escape.actual"))
        XCTAssertEqual(outcome.exitCode, 0)
        for leak in ["[secret", "root:"] {
            XCTAssertFalse(outcome.stdout.contains(leak), "a file outside the sandbox was read:\n\(outcome.stdout)")
        }
        let expected = try String(contentsOf: GuestHarness.fixtures.appendingPathComponent("sandbox_escape.expected"),
                                  encoding: .utf8)
        let ourLines = outcome.stdout.split(separator: "\n"), expectedLines = expected.split(separator: "\n")
        for (i, (ours, theirs)) in zip(ourLines, expectedLines).enumerated() where ours != theirs {
            XCTFail("line \(i + 1):\n  got:      \(ours)\n  expected: \(theirs)")
        }
        XCTAssertEqual(ourLines.count, expectedLines.count, "number of lines")

        // Nothing outside the preopens appeared or changed; the read-only tree is untouched.
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: root.path).sorted(), ["readonly", "sandbox", "secret.txt"])
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("secret.txt"), encoding: .utf8), "secret\n")
        XCTAssertEqual(GuestHarness.snapshot(readonly), readonlyBefore)
        // Inside the read-write preopen, only the guest's own (harmless) links were added.
        var sandboxAfter = GuestHarness.snapshot(sandbox)
        XCTAssertEqual(sandboxAfter.removeValue(forKey: "guest-esc"), "link:../secret.txt")
        XCTAssertEqual(sandboxAfter.removeValue(forKey: "up"), "link:..")
        XCTAssertEqual(sandboxAfter.removeValue(forKey: "a"), "link:b")
        XCTAssertEqual(sandboxAfter.removeValue(forKey: "b"), "link:a")
        XCTAssertEqual(sandboxAfter, sandboxBefore)
    }
}
