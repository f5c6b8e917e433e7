import Foundation
import WASI
import WasmVM
import XCTest

/// ``WASIContext/run(_:in:imports:invoking:arguments:)`` and the `wasmvm run` command.
final class WASIRunTests: XCTestCase {
    func testReactorIsInitializedBeforeInvokedFunction() throws {
        let module = try Module(bytes: Array(try Data(contentsOf: try GuestHarness.module("reactor", flags: ["-mexec-model=reactor"]))))
        let output = WASIOutputBuffer()
        let context = try WASIContext(WASIConfiguration(stdout: .buffer(output)))
        XCTAssertEqual(try context.run(module, invoking: "add", arguments: [.i32(2)]).results, [.i32(42)])

        let greeter = try WASIContext(WASIConfiguration(stdout: .buffer(output)))
        XCTAssertEqual(try greeter.run(module, invoking: "greet").exitCode, 0)
        XCTAssertEqual(output.text, "hello from a reactor\n")
    }

    func testMissingEntryPointAndFunction() throws {
        let module = try Module(bytes: Array(try Data(contentsOf: try GuestHarness.module("reactor", flags: ["-mexec-model=reactor"]))))
        XCTAssertThrowsError(try WASIContext(WASIConfiguration()).run(module)) { error in
            guard case .noEntryPoint? = error as? WASIRunError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try WASIContext(WASIConfiguration()).run(module, invoking: "nope")) { error in
            guard case .noSuchFunction("nope")? = error as? WASIRunError else { return XCTFail("\(error)") }
        }
    }

    func testTrapIsReportedWithStack() throws {
        let module = try Module(bytes: Array(try Data(contentsOf: try GuestHarness.module("reactor", flags: ["-mexec-model=reactor"]))))
        XCTAssertThrowsError(try WASIContext(WASIConfiguration()).run(module, invoking: "boom")) { error in
            guard case .trap(let trap)? = error as? WASIRunError else { return XCTFail("\(error)") }
            guard case .unreachable = trap.reason else { return XCTFail("\(trap)") }
            XCTAssertFalse(trap.stackTrace.isEmpty)
        }
    }

    func testExitCodeFromProcExit() throws {
        let module = try Module(bytes: Array(try Data(contentsOf: try GuestHarness.module("exit_code"))))
        let context = try WASIContext(WASIConfiguration(arguments: ["exit_code", "17"]))
        XCTAssertEqual(try context.run(module).exitCode, 17)
    }

    // MARK: `wasmvm run`

    /// The `wasmvm` binary built next to the tests (or named by `WASMVM_BINARY`), if it has the `run` command.
    private func wasmvm() throws -> String {
        // The test bundle is a directory next to the products on macOS; on Linux its "bundle URL" is the products
        // directory itself.
        let bundle = Bundle(for: Self.self).bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("wasmvm").path }
        let binary = ProcessInfo.processInfo.environment["WASMVM_BINARY"]
            ?? candidates.first(where: FileManager.default.isExecutableFile) ?? candidates[0]
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("wasmvm is not built at \(binary) (set WASMVM_BINARY)")
            throw CocoaError(.fileNoSuchFile)
        }
        guard try GuestHarness.run(binary, ["run", "--help"]).status == 0 else {
            XCTFail("\(binary) has no `run` command (a stale build?)")
            throw CocoaError(.featureUnsupported)
        }
        return binary
    }

    func testCommandLine() throws {
        let binary = try wasmvm()
        let argsModule = try GuestHarness.module("args_env").path
        let printed = try GuestHarness.run(binary, ["run", "--env", "GREETING=hey", argsModule, "-x", "--flag", "9"])
        XCTAssertEqual(printed.status, 9)
        XCTAssertTrue(printed.stdout.contains("argv[1]=-x\nargv[2]=--flag\n"), printed.stdout)
        XCTAssertTrue(printed.stdout.contains("environ count=1\nenv GREETING=hey\n"), printed.stdout)

        let inherited = try GuestHarness.run(binary, ["run", "--inherit-env", argsModule])
        XCTAssertFalse(inherited.stdout.contains("environ count=0"), inherited.stdout)

        let reactor = try GuestHarness.module("reactor", flags: ["-mexec-model=reactor"]).path
        let invoked = try GuestHarness.run(binary, ["run", "--invoke", "add", reactor, "-2"])
        XCTAssertEqual(invoked.status, 0, invoked.stderr)
        XCTAssertEqual(invoked.stdout, "i32:38\n")
        let noStart = try GuestHarness.run(binary, ["run", reactor])
        XCTAssertEqual(noStart.status, 1)
        XCTAssertTrue(noStart.stderr.contains("_start"), noStart.stderr)
        let trapped = try GuestHarness.run(binary, ["run", "--invoke", "boom", reactor])
        XCTAssertEqual(trapped.status, 134)
        XCTAssertTrue(trapped.stderr.contains("unreachable"), trapped.stderr)
        XCTAssertTrue(trapped.stderr.contains("boom"), trapped.stderr)

        let tree = try GuestHarness.makeTree()
        defer { try? FileManager.default.removeItem(at: tree) }
        let files = try GuestHarness.module("files").path
        let readWrite = try GuestHarness.run(binary, ["run", "--dir", "\(tree.path)::/sandbox", files])
        XCTAssertEqual(readWrite.status, 0, readWrite.stderr)
        XCTAssertTrue(readWrite.stdout.contains("cat /sandbox/hello.txt: [hello, world\n]"), readWrite.stdout)
        let readOnly = try GuestHarness.run(binary, ["run", "--dir-ro", "\(tree.path)::/sandbox", files])
        XCTAssertTrue(readOnly.stdout.contains("open new.txt                                                 Capabilities insufficient"),
                      readOnly.stdout)
        XCTAssertNil(FileManager.default.contents(atPath: tree.appendingPathComponent("new.txt").path))
        let missing = try GuestHarness.run(binary, ["run", "--dir", "/no/such/dir", files])
        XCTAssertEqual(missing.status, 1)
    }
}
