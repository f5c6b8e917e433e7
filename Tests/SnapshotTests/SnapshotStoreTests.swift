import Foundation
import SnapshotStore
import WasmVM
import XCTest

final class SnapshotStoreTests: XCTestCase {
    private var directory: URL!
    private var databasePath: String { directory.appendingPathComponent("snapshots.sqlite").path }
    private let configuration = SHA256.hash(Array("php.ini=default".utf8))

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A snapshot of the stateful module with a memory large enough that a write spills out of SQLite's cache.
    private func makeSnapshot(bumps: Int = 3) throws -> (Module, Snapshot) {
        let module = try compileWat(statefulModuleText)
        let instance = try Store().instantiate(module, imports: TickRecorder().imports)
        for _ in 0..<bumps { _ = try instance.call("bump") }
        _ = try instance.call("grow", [.i32(16)])
        instance.defaultMemory!.withUnsafeMutableBytes { bytes in
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for i in stride(from: 65536, to: bytes.count, by: 8) {   // incompressible, so the blob stays large
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.storeBytes(of: state, toByteOffset: i, as: UInt64.self)
            }
        }
        return (module, try instance.snapshot())
    }

    func testPutThenGetRestores() throws {
        let (module, snapshot) = try makeSnapshot()
        let store = try SnapshotStore(path: databasePath)
        XCTAssertNil(try store.snapshot(moduleHash: module.sha256, configurationHash: configuration))
        try store.put(snapshot, moduleHash: module.sha256, configurationHash: configuration)
        // Another connection (as another process would have) sees it.
        let other = try SnapshotStore(path: databasePath)
        XCTAssertEqual(try other.snapshot(moduleHash: module.sha256, configurationHash: configuration), snapshot)
        XCTAssertNil(try other.snapshot(moduleHash: module.sha256, configurationHash: [1, 2, 3]))
        let template = try XCTUnwrap(try other.template(for: module, configurationHash: configuration))
        let instance = try Store().restore(template, imports: TickRecorder().imports)
        XCTAssertEqual(try instance.i32("counter"), 3)
        XCTAssertEqual(try instance.i32("mem"), 30)
        try store.remove(moduleHash: module.sha256, configurationHash: configuration)
        XCTAssertNil(try other.snapshot(moduleHash: module.sha256, configurationHash: configuration))
    }

    func testDamagedEntryIsDeletedNotReturned() throws {
        let (module, snapshot) = try makeSnapshot()
        let store = try SnapshotStore(path: databasePath)
        try store.put(snapshot, moduleHash: module.sha256, configurationHash: configuration)
        // Damage the stored blob behind the store's back (as a bad disk or a buggy writer would).
        try runPython("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("UPDATE snapshots SET data = substr(data, 1, 100) || x'FF' || substr(data, 102)")
            """)
        XCTAssertNil(try store.snapshot(moduleHash: module.sha256, configurationHash: configuration))
        XCTAssertEqual(try store.count(), 0, "the damaged entry was removed")
    }

    /// A writer killed with SIGKILL in the middle of its transaction leaves the previous entry intact, and a
    /// writer killed while inserting a new key leaves no entry.
    func testWriterKilledMidTransactionLeavesNoBadEntry() throws {
        let (module, good) = try makeSnapshot(bumps: 3)
        let (_, replacement) = try makeSnapshot(bumps: 5)
        let store = try SnapshotStore(path: databasePath)
        try store.put(good, moduleHash: module.sha256, configurationHash: configuration)
        let replacementPath = directory.appendingPathComponent("replacement.snapshot")
        try Data(replacement.bytes).write(to: replacementPath)

        // The child writes the replacement in one transaction the way SnapshotStore does — a large blob, so
        // SQLite spills pages into the WAL before the commit — and is killed before it can commit.
        let status = try runPython("""
            import os, signal, sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA cache_size=10")   # a tiny cache: uncommitted pages go to the WAL file
            data = open(sys.argv[2], "rb").read()
            module_hash = bytes.fromhex(sys.argv[3])
            config_hash = bytes.fromhex(sys.argv[4])
            db.execute("BEGIN IMMEDIATE")
            for key, blob in [(config_hash, data), (b"new-key", data[: len(data) // 2])]:
                db.execute("INSERT OR REPLACE INTO snapshots (module_hash, configuration_hash, format_version, "
                           "engine_version, byte_count, checksum, data) VALUES (?, ?, 1, 1, ?, ?, ?)",
                           (module_hash, key, len(data), data[-32:], blob))
            os.kill(os.getpid(), signal.SIGKILL)
            """, arguments: [replacementPath.path, SHA256.hexString(module.sha256), SHA256.hexString(configuration)],
            expectKilled: true)
        XCTAssertEqual(status, 9, "the writer died by SIGKILL")

        let reopened = try SnapshotStore(path: databasePath)
        XCTAssertEqual(try reopened.snapshot(moduleHash: module.sha256, configurationHash: configuration), good)
        XCTAssertNil(try reopened.snapshot(moduleHash: module.sha256, configurationHash: Array("new-key".utf8)))
        XCTAssertEqual(try reopened.count(), 1)
        let instance = try Store().restore(
            try XCTUnwrap(try reopened.template(for: module, configurationHash: configuration)),
            imports: TickRecorder().imports)
        XCTAssertEqual(try instance.i32("counter"), 3)
    }

    /// Several connections writing and reading at once (WAL + busy timeout): every read is a whole snapshot.
    func testConcurrentWritersAndReaders() throws {
        let (module, first) = try makeSnapshot(bumps: 1)
        let (_, second) = try makeSnapshot(bumps: 2)
        _ = try SnapshotStore(path: databasePath)   // create the schema once
        let failures = Failures()
        let path = databasePath
        let hash = module.sha256
        let configuration = configuration
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                let store = try SnapshotStore(path: path)
                for round in 0..<6 {
                    if worker % 2 == 0 {
                        try store.put(round % 2 == 0 ? first : second, moduleHash: hash, configurationHash: configuration)
                    } else if let read = try store.snapshot(moduleHash: hash, configurationHash: configuration),
                              read != first, read != second {
                        failures.add("torn read")
                    }
                }
            } catch {
                failures.add("\(error)")
            }
        }
        XCTAssertEqual(failures.messages, [])
    }

    /// Runs a python3 script with the database path as its first argument; returns the exit status (or the
    /// signal number if it was killed).
    @discardableResult
    private func runPython(_ script: String, arguments: [String] = [], expectKilled: Bool = false) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, databasePath] + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if expectKilled {
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, String(decoding: output, as: UTF8.self))
        } else {
            XCTAssertEqual(process.terminationStatus, 0, String(decoding: output, as: UTF8.self))
        }
        return process.terminationStatus
    }
}
