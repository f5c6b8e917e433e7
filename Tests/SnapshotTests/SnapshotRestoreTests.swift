import Foundation
import WasmVM
import XCTest

final class SnapshotRestoreTests: XCTestCase {
    /// Runs the stateful module into a state touching every kind of captured state.
    private func preparedInstance(_ module: Module, _ recorder: TickRecorder, store: Store) throws -> Instance {
        let instance = try store.instantiate(module, imports: recorder.imports)
        for _ in 0..<3 { _ = try instance.call("bump") }
        _ = try instance.call("init_passive")          // table[2] = $three from the passive segment
        _ = try instance.call("drop_data")
        XCTAssertEqual(try instance.i32("grow", [.i32(2)]), 1)
        _ = try instance.call("store", [.i32(2 * 65536 + 12), .i32(0xBEEF)])
        _ = try instance.call("set_fref")
        return instance
    }

    func testRestoredInstanceBehavesLikeTheLiveOne() throws {
        let module = try compileWat(statefulModuleText)
        let recorder = TickRecorder()
        let live = try preparedInstance(module, recorder, store: Store())
        let snapshot = try live.snapshot()

        let restoredRecorder = TickRecorder()
        let restored = try Store().restore(snapshot, module: module, imports: restoredRecorder.imports)

        for instance in [live, restored] {
            XCTAssertEqual(try instance.i32("counter"), 3)
            XCTAssertEqual(try instance.i32("mem"), 30)
            XCTAssertEqual(try instance.call("wide"), [.i64(7 * 27)])
            XCTAssertEqual(try instance.call("vector_high"), [.i64(2)])
            XCTAssertEqual(try instance.i32("size"), 3)
            XCTAssertEqual(try instance.i32("load", [.i32(2 * 65536 + 12)]), 0xBEEF)
            XCTAssertEqual(try instance.i32("call", [.i32(0)]), 1)
            XCTAssertEqual(try instance.i32("call", [.i32(1)]), 2)
            XCTAssertEqual(try instance.i32("call", [.i32(2)]), 3)
            XCTAssertThrowsError(try instance.call("call", [.i32(3)]))     // null element
            XCTAssertEqual(try instance.i32("call_fref"), 3)
            XCTAssertThrowsError(try instance.call("init_data", [.i32(0)])) // data segment was dropped
            _ = try instance.call("init_passive")                            // passive element segment still alive
            _ = try instance.call("drop_elem")
            XCTAssertThrowsError(try instance.call("init_passive"))
            // Keeps running: the state continues from the snapshot.
            XCTAssertEqual(try instance.i32("bump"), 4)
            XCTAssertEqual(try instance.i32("mem"), 40)
            XCTAssertEqual(try instance.i32("grow", [.i32(1)]), 3)
        }
        XCTAssertEqual(recorder.ticks, [1, 2, 3, 4])
        XCTAssertEqual(restoredRecorder.ticks, [4], "the restored instance calls the newly supplied host function")
        XCTAssertEqual(restored.defaultMemory?.byteCount, 4 * 65536)
    }

    func testInstancesFromOneTemplateAreIsolated() throws {
        let module = try compileWat(statefulModuleText)
        let recorder = TickRecorder()
        let live = try preparedInstance(module, recorder, store: Store())
        let template = try SnapshotTemplate(try live.snapshot(), module: module)

        let first = try Store().restore(template, imports: recorder.imports)
        let second = try Store().restore(template, imports: recorder.imports)
        _ = try first.call("bump")
        _ = try first.call("bump")
        _ = try first.call("store", [.i32(2 * 65536 + 12), .i32(1)])
        _ = try first.call("store", [.i32(5000), .i32(77)])       // a page that was zero in the snapshot
        XCTAssertEqual(try first.i32("counter"), 5)
        XCTAssertEqual(try first.i32("mem"), 50)
        XCTAssertEqual(try second.i32("counter"), 3)
        XCTAssertEqual(try second.i32("mem"), 30)
        XCTAssertEqual(try second.i32("load", [.i32(2 * 65536 + 12)]), 0xBEEF)
        XCTAssertEqual(try second.i32("load", [.i32(5000)]), 0)
        // The live instance is untouched by either.
        XCTAssertEqual(try live.i32("mem"), 30)
        // A third restore after the writes still sees the snapshot's state.
        let third = try Store().restore(template, imports: recorder.imports)
        XCTAssertEqual(try third.i32("mem"), 30)
        XCTAssertEqual(try third.i32("load", [.i32(5000)]), 0)
    }

    func testTemplateIsUsableFromManyThreads() throws {
        let module = try compileWat(statefulModuleText)
        let recorder = TickRecorder()
        let template = try SnapshotTemplate(try preparedInstance(module, recorder, store: Store()).snapshot(), module: module)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { iteration in
            do {
                let instance = try Store().restore(template, imports: TickRecorder().imports)
                for _ in 0...iteration { _ = try instance.call("bump") }
                if try instance.i32("mem") != Int32(30 + 10 * (iteration + 1)) { failures.add("wrong value in \(iteration)") }
            } catch {
                failures.add("\(error)")
            }
        }
        XCTAssertEqual(failures.messages, [])
    }

    func testExtensionsRoundTrip() throws {
        let module = try compileWat(statefulModuleText)
        let recorder = TickRecorder()
        let live = try store(module, recorder)
        let wasi = SnapshotExtension(name: "wasi", bytes: Array("preopens=/app;cwd=/app".utf8))
        let other = SnapshotExtension(name: "embedder.session", bytes: [])
        let template = try SnapshotTemplate(try live.snapshot(extensions: [wasi, other]), module: module)
        XCTAssertEqual(template.extensions, [wasi, other])
        XCTAssertEqual(template.extension(named: "wasi"), wasi.bytes)
        XCTAssertNil(template.extension(named: "missing"))
    }

    func testZeroPageMemoryAndGrowthAfterRestore() throws {
        let module = try compileWat("""
        (module (memory (export "memory") 0 2)
          (func (export "grow") (result i32) (memory.grow (i32.const 1)))
          (func (export "poke") (i32.store (i32.const 8) (i32.const 9)))
          (func (export "peek") (result i32) (i32.load (i32.const 8))))
        """)
        let live = try Store().instantiate(module)
        let restored = try Store().restore(try live.snapshot(), module: module)
        XCTAssertEqual(restored.defaultMemory?.byteCount, 0)
        XCTAssertThrowsError(try restored.call("peek"))
        XCTAssertEqual(try restored.i32("grow"), 0)
        _ = try restored.call("poke")
        XCTAssertEqual(try restored.i32("peek"), 9)
        XCTAssertEqual(try restored.i32("grow"), 1)
        XCTAssertEqual(try restored.i32("grow"), -1)
    }

    func testRestoreChecksImports() throws {
        let module = try compileWat(statefulModuleText)
        let recorder = TickRecorder()
        let snapshot = try store(module, recorder).snapshot()
        XCTAssertThrowsError(try Store().restore(snapshot, module: module)) { error in
            guard case SnapshotError.unlinkable(let message)? = error as? SnapshotError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("\"env\".\"tick\""), message)
        }
    }

    func testLargeMemoryRestoresCopyOnWrite() throws {
        let module = try compileWat("""
        (module (memory (export "memory") 128 1024)
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
        """)
        let live = try Store().instantiate(module)
        let memory = try XCTUnwrap(live.defaultMemory)
        memory.withUnsafeMutableBytes { bytes in
            for i in stride(from: 0, to: bytes.count, by: 4) { bytes.storeBytes(of: UInt32(i), toByteOffset: i, as: UInt32.self) }
        }
        let template = try SnapshotTemplate(try live.snapshot(), module: module)
        XCTAssertEqual(template.memoryByteCounts, [8 << 20])
        let a = try Store().restore(template)
        let b = try Store().restore(template)
        _ = try a.call("store", [.i32(4096), .i32(1)])
        XCTAssertEqual(try a.i32("load", [.i32(4096)]), 1)
        XCTAssertEqual(try b.i32("load", [.i32(4096)]), 4096)
        XCTAssertEqual(try b.i32("load", [.i32(8 << 20 - 4)]), Int32(8 << 20 - 4))
        a.defaultMemory!.withUnsafeMutableBytes { bytes in
            let restoredBytes = UnsafeRawBufferPointer(bytes)
            memory.withUnsafeMutableBytes { original in
                XCTAssertEqual(memcmp(restoredBytes.baseAddress! + 8192, original.baseAddress! + 8192, original.count - 8192), 0)
            }
        }
    }

    private func store(_ module: Module, _ recorder: TickRecorder) throws -> Instance {
        try preparedInstance(module, recorder, store: Store())
    }
}

/// Collects failure messages from concurrent work.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    func add(_ message: String) { lock.withLock { collected.append(message) } }
    var messages: [String] { lock.withLock { collected } }
}
