import Foundation
import WASI
import WasmVM
import XCTest

/// A real C program (wasi-libc, reactor model) warmed up, snapshotted, and restored with a fresh WASI context
/// per "request": the guest's heap and stdio state come from the snapshot, its WASI imports from the new context.
final class WASIGuestSnapshotTests: XCTestCase {
    private static let source = """
    #include <stdio.h>
    #include <stdlib.h>
    static char *table;
    static int requests;
    __attribute__((export_name("warm_up"))) void warm_up(void) {
        table = malloc(1 << 20);
        for (int i = 0; i < (1 << 20); i++) table[i] = (char)(i * 7 + 1);
        printf("warmed up\\n");
        fflush(stdout);
    }
    __attribute__((export_name("handle"))) int handle(void) {
        requests++;
        table[12345] += 1;
        printf("request %d value %d\\n", requests, (int)table[12345]);
        fflush(stdout);
        return requests;
    }
    """

    private func compileGuest() throws -> Module {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/clang-16") else { throw XCTSkip("clang-16 is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-wasi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("guest.c")
        let output = directory.appendingPathComponent("guest.wasm")
        try Self.source.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/clang-16")
        process.arguments = ["--target=wasm32-wasi", "-mexec-model=reactor", "-O2", "-o", output.path, input.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("clang-16 cannot build a wasm32-wasi reactor here") }
        return try Module(bytes: Array(try Data(contentsOf: output)))
    }

    /// Imports of a fresh WASI context whose stdout goes to `buffer`.
    private func wasiImports(_ buffer: WASIOutputBuffer) throws -> (WASIContext, Imports) {
        let context = try WASIContext(WASIConfiguration(arguments: ["guest"], stdout: .buffer(buffer), stderr: .null))
        var imports = Imports()
        context.define(into: &imports)
        return (context, imports)
    }

    func testWarmGuestRestoresPerRequest() throws {
        let module = try compileGuest()
        let warmOutput = WASIOutputBuffer()
        let (warmContext, warmImports) = try wasiImports(warmOutput)
        let live = try Store().instantiate(module, imports: warmImports)
        _ = try live.call("_initialize")
        _ = try live.call("warm_up")
        XCTAssertEqual(warmOutput.text, "warmed up\n")
        let template = try SnapshotTemplate(
            try live.snapshot(extensions: [SnapshotExtension(name: "wasi", bytes: Array("arguments=guest".utf8))]),
            module: module)
        XCTAssertEqual(template.extension(named: "wasi"), Array("arguments=guest".utf8))
        withExtendedLifetime(warmContext) {}

        let expected = "request 1 value \(Int8(truncatingIfNeeded: 12345 * 7 + 1) + 1)\n"
        for _ in 0..<3 {
            let output = WASIOutputBuffer()
            let (context, imports) = try wasiImports(output)
            let instance = try Store().restore(template, imports: imports)
            XCTAssertEqual(try instance.call("handle"), [.i32(1)], "each request starts from the warmed-up state")
            XCTAssertEqual(output.text, expected)
            withExtendedLifetime(context) {}
        }
        // The live instance is unaffected by the restored ones.
        XCTAssertEqual(try live.call("handle"), [.i32(1)])
        XCTAssertEqual(warmOutput.text, "warmed up\n" + expected)
        withExtendedLifetime(warmContext) {}
    }
}
