import Foundation
import WASI
import XCTest

/// Each C program of Tests/Fixtures/wasi runs under WasmVM and under wasmtime; stdout and exit status must match.
final class WASIDifferentialTests: XCTestCase {
    private func compare(_ name: String, arguments: [String] = [], environment: [(String, String)] = [],
                         stdin: [UInt8] = [], withTree: Bool = false, file: StaticString = #filePath,
                         line: UInt = #line) throws {
        let module = try GuestHarness.module(name)
        var ourTree: URL?, referenceTree: URL?
        if withTree {
            ourTree = try GuestHarness.makeTree()
            referenceTree = try GuestHarness.makeTree()
        }
        defer {
            [ourTree, referenceTree].compactMap { $0 }.forEach { try? FileManager.default.removeItem(at: $0) }
        }
        let ours = try GuestHarness.runWasmVM(
            module, arguments: arguments, environment: environment,
            preopens: ourTree.map { [WASIPreopen(hostPath: $0.path, guestPath: "/sandbox")] } ?? [], stdin: stdin)
        let reference = try GuestHarness.runWasmtime(
            module, arguments: arguments, environment: environment,
            preopens: referenceTree.map { [WASIPreopen(hostPath: $0.path, guestPath: "/sandbox")] } ?? [], stdin: stdin)
        XCTAssertFalse(reference.stdout.isEmpty, "wasmtime printed nothing", file: file, line: line)
        XCTAssertEqual(ours.exitCode, reference.exitCode, "exit status", file: file, line: line)
        if ours.stdout != reference.stdout {
            let ourLines = ours.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let theirLines = reference.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = Array(zip(ourLines, theirLines)).firstIndex { $0 != $1 } ?? min(ourLines.count, theirLines.count)
            XCTFail("""
                stdout differs from wasmtime at line \(firstDifference + 1):
                  wasmvm:   \(firstDifference < ourLines.count ? String(ourLines[firstDifference]) : "<end>")
                  wasmtime: \(firstDifference < theirLines.count ? String(theirLines[firstDifference]) : "<end>")
                """, file: file, line: line)
        }
        if let ourTree, let referenceTree {
            XCTAssertEqual(GuestHarness.snapshot(ourTree), GuestHarness.snapshot(referenceTree),
                           "file tree after the run", file: file, line: line)
        }
    }

    func testArgumentsAndEnvironment() throws {
        try compare("args_env", arguments: ["first", "with space", "ünïcødé", "3"],
                    environment: [("GREETING", "hello there"), ("EMPTY", ""), ("EQUALS", "a=b")])
    }

    func testNoArgumentsNoEnvironment() throws {
        try compare("args_env")
    }

    func testExitCodes() throws {
        for status in ["0", "1", "42", "125"] {
            try compare("exit_code", arguments: [status])
        }
    }

    func testStdin() throws {
        try compare("stdin_echo", stdin: Array("first line\nsecond line\nno newline at end".utf8))
        try compare("stdin_echo", stdin: [])
        try compare("stdin_echo", stdin: Array(repeating: UInt8(ascii: "x"), count: 50_000) + [10])
    }

    func testClocksAndRandom() throws {
        try compare("clocks_random")
    }

    /// A module importing all 46 functions links (with wasi-libc's exact signatures) in both engines.
    func testEveryFunctionLinks() throws {
        try compare("all_imports")
    }

    func testFiles() throws {
        try compare("files", withTree: true)
    }
}
