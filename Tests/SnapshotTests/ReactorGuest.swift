import Foundation
import WasmVM
import XCTest

/// A C reactor compiled with clang-16 for wasm32-wasi, for the snapshot tests of the WASI layer and the CLI.
///
/// `init` reads a file from the preopen `/data` and keeps it (and a heap block) in memory: the state a snapshot
/// captures. `handle` reads stdin and the environment — which must be the restoring run's — and shows whether it
/// sees writes of any other restored instance.
enum ReactorGuest {
    static let source = """
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    static char config[128];
    static int counter;
    static char *scratch;
    static FILE *leaked;
    __attribute__((export_name("init"))) void init(void) {
        FILE *f = fopen("/data/config.txt", "r");
        if (!f) { printf("init: no config\\n"); fflush(stdout); exit(3); }
        size_t n = fread(config, 1, sizeof config - 1, f);
        while (n > 0 && config[n - 1] == '\\n') n--;
        config[n] = 0;
        fclose(f);
        scratch = malloc(64);
        strcpy(scratch, "pristine");
    }
    __attribute__((export_name("handle"))) int handle(void) {
        char input[128];
        size_t n = fread(input, 1, sizeof input - 1, stdin);
        input[n] = 0;
        const char *name = getenv("NAME");
        counter++;
        FILE *f = fopen("/data/config.txt", "r");
        printf("config=%s name=%s stdin=%s counter=%d scratch=%s reopen=%s\\n", config, name ? name : "-", input,
               counter, scratch, f ? "ok" : "failed");
        if (f) fclose(f);
        strcpy(scratch, name ? name : "-");
        fflush(stdout);
        return counter;
    }
    __attribute__((export_name("open_file"))) void open_file(void) { leaked = fopen("/data/config.txt", "r"); }
    __attribute__((export_name("close_file"))) void close_file(void) { fclose(leaked); leaked = 0; }
    __attribute__((export_name("finish"))) void finish(void) { printf("finishing\\n"); exit(7); }
    """

    /// Compiles the reactor into `directory/reactor.wasm` (skipping the test when clang-16 is missing).
    static func build(in directory: URL) throws -> URL {
        let clang = "/usr/bin/clang-16"
        guard FileManager.default.isExecutableFile(atPath: clang) else { throw XCTSkip("clang-16 is not installed") }
        let input = directory.appendingPathComponent("reactor.c")
        let output = directory.appendingPathComponent("reactor.wasm")
        try source.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: clang)
        process.arguments = ["--target=wasm32-wasi", "-mexec-model=reactor", "-O2",
                             "-Wl,--export=__stack_pointer", "-o", output.path, input.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("clang-16 cannot build a wasm32-wasi reactor here") }
        return output
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reactor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
