import Foundation
import WasmVM
import XCTest

/// Damaged, foreign and stale snapshots are rejected with the right typed error; state that cannot be
/// captured is named.
final class SnapshotRejectionTests: XCTestCase {
    private var module: Module!
    private var snapshot: Snapshot!

    override func setUpWithError() throws {
        module = try compileWat(statefulModuleText)
        let instance = try Store().instantiate(module, imports: TickRecorder().imports)
        _ = try instance.call("bump")
        _ = try instance.call("store", [.i32(60_000), .i32(123)])
        snapshot = try instance.snapshot()
    }

    private func assertRejected(_ bytes: [UInt8], module: Module? = nil, _ check: (SnapshotError) -> Bool,
                                file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try SnapshotTemplate(Snapshot(bytes: bytes), module: module ?? self.module)
            XCTFail("snapshot was accepted", file: file, line: line)
        } catch {
            XCTAssertTrue(check(error), "unexpected error: \(error)", file: file, line: line)
            XCTAssertFalse(error.description.isEmpty)
        }
    }

    /// Replaces the trailer with the correct SHA-256 of the (edited) file, as a writer of that version would.
    private func resealed(_ bytes: [UInt8]) -> [UInt8] {
        let body = Array(bytes.dropLast(32))
        return body + SHA256.hash(body)
    }

    func testIntactSnapshotIsAccepted() throws {
        let template = try SnapshotTemplate(snapshot, module: module)
        XCTAssertEqual(template.header.moduleHash, module.sha256)
        XCTAssertEqual(template.header.formatVersion, SnapshotFormat.formatVersion)
    }

    func testEveryFlippedByteIsRejected() {
        let bytes = snapshot.bytes
        // Every byte of the header and trailer, and a spread of payload bytes.
        var positions = Array(0..<64) + Array(bytes.count - 32..<bytes.count)
        positions += stride(from: 64, to: bytes.count - 32, by: max(1, (bytes.count - 96) / 200))
        for position in positions {
            var damaged = bytes
            damaged[position] ^= 0x40
            do {
                _ = try SnapshotTemplate(Snapshot(bytes: damaged), module: module)
                XCTFail("flipped byte \(position) was accepted")
            } catch {
                switch error {
                case .checksumMismatch, .notASnapshot, .unsupportedFormatVersion, .truncated: break
                default: XCTFail("flipped byte \(position): unexpected \(error)")
                }
            }
        }
    }

    func testFlippedPayloadByteIsAChecksumMismatch() {
        var damaged = snapshot.bytes
        damaged[64 + (damaged.count - 96) / 2] ^= 1
        assertRejected(damaged) { $0 == .checksumMismatch }
    }

    func testTruncatedSnapshotIsRejected() {
        let bytes = snapshot.bytes
        for length in [0, 5, 8, 20, 63, 64, bytes.count / 2, bytes.count - 1] {
            assertRejected(Array(bytes.prefix(length))) {
                if case .truncated = $0 { return true }
                return false
            }
        }
        assertRejected(bytes + [0]) {
            if case .truncated = $0 { return true }
            return false
        }
    }

    func testWrongModuleIsRejected() throws {
        let other = try compileWat(statefulModuleText.replacingOccurrences(of: "(i32.const 10)", with: "(i32.const 11)"))
        assertRejected(snapshot.bytes, module: other) {
            guard case .moduleMismatch(let recorded, let given) = $0 else { return false }
            return recorded == SHA256.hexString(self.module.sha256) && given == SHA256.hexString(other.sha256)
        }
    }

    func testOtherFormatVersionIsRejected() {
        var bytes = snapshot.bytes
        bytes[8] = 2
        assertRejected(bytes) { $0 == .unsupportedFormatVersion(found: 2, supported: SnapshotFormat.formatVersion) }
    }

    func testOtherEngineVersionIsRejected() {
        var bytes = snapshot.bytes
        bytes[12] = bytes[12] &+ 1
        assertRejected(resealed(bytes)) {
            $0 == .engineVersionMismatch(found: SnapshotFormat.engineVersion + 1, expected: SnapshotFormat.engineVersion)
        }
    }

    func testForgedPayloadWithValidChecksumIsCorrupt() {
        var bytes = snapshot.bytes
        bytes[48] = bytes[48] &+ 1    // uncompressed size no longer matches the zstd frame
        assertRejected(resealed(bytes)) {
            if case .corrupt = $0 { return true }
            return false
        }
    }

    func testNotASnapshot() {
        assertRejected(Array("hello world, definitely not a snapshot".utf8)) { $0 == .notASnapshot }
        assertRejected([0x00, 0x61, 0x73, 0x6D, 1, 0, 0, 0] + [UInt8](repeating: 0, count: 100)) { $0 == .notASnapshot }
    }

    // MARK: State that cannot be captured

    func testImportedMemoryIsNamed() throws {
        let importer = try compileWat("""
        (module (import "host" "mem" (memory 1)) (func (export "f")))
        """)
        let store = Store()
        var imports = Imports()
        imports.define(module: "host", name: "mem", .memory(try store.memory(MemoryType(limits: Limits(min: 1)))))
        let instance = try store.instantiate(importer, imports: imports)
        assertNotCapturable(instance, mentioning: "\"host\".\"mem\"")
    }

    func testMutableImportedGlobalIsNamed() throws {
        let importer = try compileWat("""
        (module (import "host" "g" (global (mut i32))) (func (export "f")))
        """)
        let store = Store()
        var imports = Imports()
        imports.define(module: "host", name: "g", .global(store.global(GlobalType(mutability: .variable, valueType: .i32), value: .i32(1))))
        assertNotCapturable(try store.instantiate(importer, imports: imports), mentioning: "\"host\".\"g\"")
    }

    func testImportedWasmFunctionIsNamed() throws {
        let library = try compileWat("(module (func (export \"f\") (result i32) (i32.const 1)))")
        let user = try compileWat("(module (import \"lib\" \"f\" (func (result i32))) (func (export \"g\")))")
        let store = Store()
        var imports = Imports()
        imports.define(module: "lib", exportsOf: try store.instantiate(library))
        assertNotCapturable(try store.instantiate(user, imports: imports), mentioning: "\"lib\".\"f\"")
    }

    func testTableReferenceToForeignHostFunctionIsNamed() throws {
        let store = Store()
        let instance = try store.instantiate(module, imports: TickRecorder().imports)
        let stranger = store.function(HostFunction(parameters: [.i64], results: []) { _, _ in [] })
        try instance.exportedTable("table")!.setElement(.funcRef(stranger.reference), at: 0)
        assertNotCapturable(instance, mentioning: "table 1 element 0")
    }

    func testTableReferenceToAnotherInstancesFunctionIsNamed() throws {
        let store = Store()
        let instance = try store.instantiate(module, imports: TickRecorder().imports)
        let other = try store.instantiate(module, imports: TickRecorder().imports)
        try instance.exportedTable("table")!.setElement(.funcRef(other.exportedFunction("counter")!.reference), at: 0)
        assertNotCapturable(instance, mentioning: "another instance")
    }

    func testImportedHostFunctionInTableIsCaptured() throws {
        let store = Store()
        let recorder = TickRecorder()
        var imports = recorder.imports
        let host = store.function(HostFunction(results: [.i32]) { _, _ in [.i32(99)] })
        imports.define(module: "env", name: "tick", HostFunction(parameters: [.i32]) { _, _ in [] })
        let module = try compileWat("""
        (module (type $t (func (result i32))) (import "env" "answer" (func $answer (result i32)))
          (table (export "table") 1 funcref)
          (func (export "call") (result i32) (call_indirect (type $t) (i32.const 0))))
        """)
        imports.define(module: "env", name: "answer", .function(host))
        let instance = try store.instantiate(module, imports: imports)
        try instance.exportedTable("table")!.setElement(.funcRef(host.reference), at: 0)
        var restoreImports = Imports()
        restoreImports.define(module: "env", name: "answer", HostFunction(results: [.i32]) { _, _ in [.i32(100)] })
        let restored = try Store().restore(try instance.snapshot(), module: module, imports: restoreImports)
        XCTAssertEqual(try restored.call("call"), [.i32(100)], "the table slot refers to the re-supplied import")
    }

    func testRestoreRefusesAWasmFunctionForAHostImport() throws {
        let library = try compileWat("(module (func (export \"tick\") (param i32)))")
        let store = Store()
        var imports = Imports()
        imports.define(module: "env", exportsOf: try store.instantiate(library))
        XCTAssertThrowsError(try store.restore(snapshot, module: module, imports: imports)) { error in
            guard case SnapshotError.unlinkable(let message)? = error as? SnapshotError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("\"env\".\"tick\""), message)
        }
    }

    func testSnapshotDuringACallIsRefused() throws {
        let store = Store()
        var seen: SnapshotError?
        var imports = Imports()
        imports.define(module: "env", name: "tick", HostFunction(parameters: [.i32]) { caller, _ in
            do { _ = try caller.instance!.snapshot() } catch let error as SnapshotError { seen = error }
            return []
        })
        let instance = try store.instantiate(module, imports: imports)
        _ = try instance.call("bump")
        XCTAssertEqual(seen, .notQuiescent)
        XCTAssertNoThrow(try instance.snapshot())
    }

    private func assertNotCapturable(_ instance: Instance, mentioning text: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try instance.snapshot()
            XCTFail("snapshot succeeded", file: file, line: line)
        } catch {
            guard case .notCapturable(let message) = error else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertTrue(message.contains(text), message, file: file, line: line)
        }
    }
}
