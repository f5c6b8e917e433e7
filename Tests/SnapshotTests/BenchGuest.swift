import Foundation
import WasmVM
import XCTest

/// The benchmark programs of ../shared/bench/programs (see its README), built as reactors so a test can run
/// them more than once in one instance and snapshot the instance between runs.
///
/// Each program's `main` is renamed to `bench_main` (`-Dmain=bench_main`) and a small wrapper exports
/// `run_once(size)`, which calls it with `argv[1] = size` and flushes stdout, so each run's output is complete
/// when it returns and nothing of it is left in the guest's stdio buffer.
enum BenchGuest {
    /// `$WASM_BENCH_PROGRAMS`, or else `../shared/bench/programs` next to the package root (this file is
    /// `<root>/Tests/SnapshotTests/BenchGuest.swift`).
    static var directory: String {
        if let path = ProcessInfo.processInfo.environment["WASM_BENCH_PROGRAMS"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("../shared/bench/programs").standardizedFileURL.path
    }

    static let wrapper = """
    #include <stdio.h>
    int bench_main(int argc, char **argv);
    __attribute__((export_name("run_once"))) int run_once(int size) {
        char text[24];
        snprintf(text, sizeof text, "%d", size);
        char *argv[] = {"bench", text, 0};
        int status = bench_main(2, argv);
        fflush(stdout);
        return status;
    }
    """

    /// Compiles `programs/<name>.c` with the wrapper.
    static func module(_ name: String) throws -> Module {
        let source = (directory as NSString).appendingPathComponent("\(name).c")
        // Missing programs fail the test rather than skip it: a skipped snapshot test would pass unnoticed.
        guard FileManager.default.fileExists(atPath: source) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: source])
        }
        return try GuestCompiler.reactor(files: [source], inline: [("run_once.c", wrapper)],
                                         arguments: ["-Dmain=bench_main", "-I", directory])
    }
}
