#if canImport(Glibc)
import Glibc
#endif
import Foundation
import WasmVM

// Snapshot restore benchmark (a benchmark, not a test): release build,
//     swift run -c release snapshot-restore-bench
// prints the figures recorded in Docs/SnapshotFormat.md: restore time per instance (median of 200) for 8 and
// 64 MiB memories against copying the image, and restore with 30 host imports.

/// Compiles WebAssembly text with `wat2wasm` (PyPI wabt, installed by Scripts/setup.sh).
func compileWat(_ text: String) throws -> Module {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("module.wat")
    let output = directory.appendingPathComponent("module.wasm")
    try text.write(to: input, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["wat2wasm", input.path, "-o", output.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
    return try Module(bytes: Array(try Data(contentsOf: output)))
}

func restoreAgainstCopy() throws {
    for mebibytes in [8, 64] {
        let pages = mebibytes * 16
        let module = try compileWat("""
        (module (memory (export "memory") \(pages) \(pages * 2))
          (global $g (mut i32) (i32.const 0))
          (func (export "touch") (param i32) (i32.store (local.get 0) (i32.const 1))))
        """)
        let live = try Store().instantiate(module)
        // Every 4 KiB chunk non-zero and poorly compressible: the worst case for the image.
        live.defaultMemory!.withUnsafeMutableBytes { bytes in
            var state: UInt64 = 1
            for i in stride(from: 0, to: bytes.count, by: 8) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.storeBytes(of: state >> 40, toByteOffset: i, as: UInt64.self)
            }
        }
        var clock = ContinuousClock.now
        let snapshot = try live.snapshot()
        let snapshotTime = ContinuousClock.now - clock
        clock = .now
        let template = try SnapshotTemplate(snapshot, module: module)
        let templateTime = ContinuousClock.now - clock
    
        let iterations = 200
        var instances: [Instance] = []
        instances.reserveCapacity(iterations)
        // Median of single restores: robust against the machine's other load preempting a few of them.
        var restoreTimes: [Duration] = []
        for _ in 0..<iterations {
            let start = ContinuousClock.now
            instances.append(try Store().restore(template))
            restoreTimes.append(ContinuousClock.now - start)
        }
        let restoreTime = restoreTimes.sorted()[iterations / 2]
        // The first call into a fresh store also sets up its execution stack; time it separately.
        clock = .now
        for instance in instances { _ = try instance.call("touch", [.i32(4096)]) }
        let firstCallTime = (ContinuousClock.now - clock) / iterations
        // A write to a new page: one copy-on-write fault (plus a call).
        clock = .now
        for instance in instances { _ = try instance.call("touch", [.i32(65536)]) }
        let newPageTime = (ContinuousClock.now - clock) / iterations
        // The same write again: the call alone.
        clock = .now
        for instance in instances { _ = try instance.call("touch", [.i32(65536)]) }
        let callTime = (ContinuousClock.now - clock) / iterations
        instances.removeAll()
    
        // The alternative: copy the whole image into fresh memory (commit + memcpy, page faults included).
        let byteCount = mebibytes << 20
        let image = live.defaultMemory!.withUnsafeMutableBytes { UnsafeRawBufferPointer($0) }
        let copies = 20
        clock = .now
        for _ in 0..<copies {
            let target = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
            target.copyMemory(from: image.baseAddress!, byteCount: byteCount)
            munmap(target, byteCount)
        }
        let memcpyTime = (ContinuousClock.now - clock) / copies
        print("""
            snapshot-benchmark \(mebibytes) MiB: file \(snapshot.bytes.count) bytes; snapshot \(snapshotTime); \
            template \(templateTime); restore \(restoreTime) per instance (median); first call \(firstCallTime); \
            write to a new page \(newPageTime), same page again \(callTime); \
            mmap+memcpy of image \(memcpyTime)
            """)
    }
}

/// Restore cost with many host imports (php-cgi.wasm imports ~30 WASI functions): each import is looked up by
/// name and gets a host function record in the new store.
func restoreWithHostImports() throws {
    let importCount = 30
    var text = "(module\n"
    for i in 0..<importCount { text += "  (import \"wasi_snapshot_preview1\" \"f\(i)\" (func (param i32 i32) (result i32)))\n" }
    text += "  (memory 16) (func (export \"run\") (result i32) (call 0 (i32.const 1) (i32.const 2))))"
    let module = try compileWat(text)
    var imports = Imports()
    for i in 0..<importCount {
        imports.define(module: "wasi_snapshot_preview1", name: "f\(i)",
                       HostFunction(parameters: [.i32, .i32], results: [.i32]) { _, _ in [.i32(0)] })
    }
    let template = try SnapshotTemplate(try Store().instantiate(module, imports: imports).snapshot(), module: module)
    var times: [Duration] = []
    var instances: [Instance] = []
    for _ in 0..<200 {
        let start = ContinuousClock.now
        instances.append(try Store().restore(template, imports: imports))
        times.append(ContinuousClock.now - start)
    }
    print("snapshot-benchmark restore with \(importCount) host imports: \(times.sorted()[times.count / 2]) (median)")
}

try restoreAgainstCopy()
try restoreWithHostImports()
