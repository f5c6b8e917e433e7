import Foundation
import WASI
import WasmVM
import XCTest

/// The "wasi" snapshot extension: a reactor initialized with a preopen is snapshotted with its WASI context and
/// restored per run with that run's environment and stdio.
final class WASIContextSnapshotTests: XCTestCase {
    private var directory: URL!
    private var data: URL!

    override func setUpWithError() throws {
        directory = try ReactorGuest.temporaryDirectory()
        data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("from-config\n".utf8).write(to: data.appendingPathComponent("config.txt"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func initializedInstance(_ module: Module, context: WASIContext) throws -> Instance {
        var imports = Imports()
        context.define(into: &imports)
        let instance = try Store().instantiate(module, imports: imports)
        _ = try instance.call("_initialize")
        _ = try instance.call("init")
        return instance
    }

    func testRestoredRunsSeeTheirOwnEnvironmentStdinAndMemory() throws {
        let module = try Module(bytes: Array(try Data(contentsOf: try ReactorGuest.build(in: directory))))
        let warm = try WASIContext(WASIConfiguration(
            arguments: ["reactor", "--warm"], environment: [(name: "NAME", value: "warm")],
            preopens: [WASIPreopen(hostPath: data.path, guestPath: "/data", access: .readOnly)],
            clock: .deterministic(realtimeStart: 5, step: 7), random: .deterministic(seed: 42)))
        let live = try initializedInstance(module, context: warm)
        let wasi = try warm.snapshotExtension()
        XCTAssertEqual(wasi.name, "wasi")
        let state = try WASISnapshotState(decoding: wasi)
        XCTAssertEqual(state.arguments, ["reactor", "--warm"])
        XCTAssertEqual(state.environment.map { "\($0.name)=\($0.value)" }, ["NAME=warm"])
        XCTAssertEqual(state.preopens.map(\.descriptor), [3])
        XCTAssertEqual(state.preopens.first?.preopen, WASIPreopen(hostPath: data.path, guestPath: "/data", access: .readOnly))
        XCTAssertEqual(state.clock, .deterministic(realtimeStart: 5, step: 7))
        XCTAssertEqual(state.random, .deterministic(seed: 42))
        let template = try SnapshotTemplate(try live.snapshot(extensions: [wasi]), module: module)

        // Two restored runs, alive at the same time, each with its own world.
        func restore(name: String, stdin: String) throws -> (Instance, WASIContext, WASIOutputBuffer) {
            let output = WASIOutputBuffer()
            let context = try WASIContext(
                restoring: try XCTUnwrap(template.extensions.first { $0.name == WASIContext.snapshotExtensionName }),
                configuration: WASIConfiguration(arguments: ["reactor"], environment: [(name: "NAME", value: name)],
                                                 stdin: .bytes(Array(stdin.utf8)), stdout: .buffer(output)))
            var imports = Imports()
            context.define(into: &imports)
            return (try Store().restore(template, imports: imports), context, output)
        }
        let (first, firstContext, firstOutput) = try restore(name: "alice", stdin: "one")
        let (second, secondContext, secondOutput) = try restore(name: "bob", stdin: "two")
        let stackPointer = try XCTUnwrap(first.exportedGlobal("__stack_pointer")).value
        // Moving the first instance's stack down a little (still valid, 16-byte aligned) must not move the second's.
        guard case .i32(let pointer) = stackPointer else { return XCTFail("__stack_pointer is not an i32") }
        try XCTUnwrap(first.exportedGlobal("__stack_pointer")).set(.i32(pointer - 64))

        XCTAssertEqual(try first.call("handle"), [.i32(1)])
        XCTAssertEqual(firstOutput.text,
                       "config=from-config name=alice stdin=one counter=1 scratch=pristine reopen=ok\n")
        XCTAssertEqual(try second.call("handle"), [.i32(1)], "the other instance's counter is not seen")
        XCTAssertEqual(secondOutput.text,
                       "config=from-config name=bob stdin=two counter=1 scratch=pristine reopen=ok\n")
        XCTAssertEqual(try XCTUnwrap(second.exportedGlobal("__stack_pointer")).value, stackPointer,
                       "a global set in one restored instance is not seen in another")
        // The snapshotted instance itself is untouched by both.
        XCTAssertEqual(try live.call("handle"), [.i32(1)])
        withExtendedLifetime((warm, firstContext, secondContext)) {}
    }

    func testRestoreWithOtherHostDirectoryAndChecksGuestPaths() throws {
        let module = try Module(bytes: Array(try Data(contentsOf: try ReactorGuest.build(in: directory))))
        let warm = try WASIContext(WASIConfiguration(preopens: [WASIPreopen(hostPath: data.path, guestPath: "/data")]))
        let live = try initializedInstance(module, context: warm)
        let wasi = try warm.snapshotExtension()
        let template = try SnapshotTemplate(try live.snapshot(extensions: [wasi]), module: module)

        // Another checkout of the same tree: the preopen comes back at descriptor 3 with the new host path.
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("other-tree\n".utf8).write(to: other.appendingPathComponent("config.txt"))
        let output = WASIOutputBuffer()
        let context = try WASIContext(restoring: wasi, configuration: WASIConfiguration(
            preopens: [WASIPreopen(hostPath: other.path, guestPath: "/data", access: .readOnly)],
            stdout: .buffer(output)))
        XCTAssertEqual(try context.snapshotState().preopens.map(\.preopen.hostPath), [other.path])
        XCTAssertEqual(try context.snapshotState().preopens.map(\.preopen.access), [.readOnly])
        var imports = Imports()
        context.define(into: &imports)
        let instance = try Store().restore(template, imports: imports)
        XCTAssertEqual(try instance.call("handle"), [.i32(1)])
        XCTAssertEqual(output.text, "config=from-config name=- stdin= counter=1 scratch=pristine reopen=ok\n")

        // Different guest paths, or a different number of them, are refused with a message naming both.
        for preopens in [[WASIPreopen(hostPath: other.path, guestPath: "/elsewhere")],
                         [WASIPreopen(hostPath: other.path, guestPath: "/data"), WASIPreopen(hostPath: other.path, guestPath: "/x")]] {
            XCTAssertThrowsError(try WASIContext(restoring: wasi, configuration: WASIConfiguration(preopens: preopens))) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("[/data]") && message.contains("same order"), message)
            }
        }
    }

    func testOpenFileAtSnapshotTimeIsAClearError() throws {
        let module = try Module(bytes: Array(try Data(contentsOf: try ReactorGuest.build(in: directory))))
        let warm = try WASIContext(WASIConfiguration(preopens: [WASIPreopen(hostPath: data.path, guestPath: "/data")]))
        let live = try initializedInstance(module, context: warm)
        _ = try live.call("open_file")
        XCTAssertThrowsError(try warm.snapshotExtension()) { error in
            XCTAssertEqual(error as? WASISnapshotError, .openDescriptor(number: 4, filetype: .regularFile))
            XCTAssertTrue("\(error)".contains("descriptor 4 (an open file) is open"), "\(error)")
        }
        _ = try live.call("close_file")
        XCTAssertNoThrow(try warm.snapshotExtension())
    }

    func testSocketHandedInCannotBeCaptured() throws {
        var pair: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair), 0)
        defer { close(pair[0]); close(pair[1]) }
        let context = try WASIContext(WASIConfiguration(sockets: [pair[0]]))
        XCTAssertThrowsError(try context.snapshotExtension()) { error in
            XCTAssertEqual(error as? WASISnapshotError, .openDescriptor(number: 3, filetype: .socketStream))
        }
    }

    func testRoundTripAndCorruptExtensionBytes() throws {
        let state = WASISnapshotState(
            arguments: ["a", "ü"], environment: [(name: "K", value: "v=w"), (name: "E", value: "")],
            preopens: [.init(descriptor: 3, preopen: WASIPreopen(hostPath: "/h", guestPath: "/g", access: .readOnly),
                             rightsBase: WASIContext_readOnlyBase, rightsInheriting: [])],
            clock: .system, random: .custom)
        let encoded = state.snapshotExtension
        XCTAssertEqual(try WASISnapshotState(decoding: encoded), state)

        func rejects(_ bytes: [UInt8], name: String = "wasi", containing text: String,
                     file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertThrowsError(try WASISnapshotState(decoding: SnapshotExtension(name: name, bytes: bytes)),
                                 file: file, line: line) { error in
                XCTAssertTrue("\(error)".contains(text), "\(error)", file: file, line: line)
            }
        }
        rejects(encoded.bytes, name: "other", containing: "not the WASI extension")
        rejects([], containing: "magic")
        rejects(Array("wasi".utf8) + [9, 0, 0, 0], containing: "format version 9")
        for length in [8, 12, 20, encoded.bytes.count - 1] {
            rejects(Array(encoded.bytes.prefix(length)), containing: "corrupt")
        }
        rejects(encoded.bytes + [0], containing: "trailing bytes")
        var hugeCount = encoded.bytes
        hugeCount.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0x7F])
        rejects(hugeCount, containing: "count exceeds")
        // A read-only preopen claiming write rights is forged.
        var forged = state
        forged.preopens[0].rightsBase = WASIRights([.fdWrite, .pathOpen])
        rejects(forged.snapshotExtension.bytes, containing: "rights it cannot have")
        // The restoring context reports the same errors.
        XCTAssertThrowsError(try WASIContext(restoring: SnapshotExtension(name: "wasi", bytes: [1, 2, 3]),
                                             configuration: WASIConfiguration()))
    }
}

extension WASIContextSnapshotTests {
    /// Preopens come back at the numbers they had, not renumbered from 3, and with rights the guest dropped
    /// still dropped.
    func testPreopensKeepTheirNumbersAndDroppedRights() throws {
        let memory = try Store().memory(MemoryType(limits: Limits(min: 1)))
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let warm = try WASIContext(WASIConfiguration(preopens: [WASIPreopen(hostPath: data.path, guestPath: "/a"),
                                                                WASIPreopen(hostPath: other.path, guestPath: "/b")]))
        XCTAssertEqual(try warm.call("fd_close", [.i32(3)], memory: memory), .success)
        let kept = WASIRights.directory.subtracting([.pathCreateFile, .pathUnlinkFile])
        XCTAssertEqual(try warm.call("fd_fdstat_set_rights", [.i32(4), .i64(kept.rawValue), .i64(0)], memory: memory),
                       .success)
        let wasi = try warm.snapshotExtension()
        XCTAssertEqual(try WASISnapshotState(decoding: wasi).preopens.map(\.descriptor), [4])

        let restored = try WASIContext(restoring: wasi, configuration: WASIConfiguration())
        XCTAssertEqual(try restored.call("fd_prestat_get", [.i32(3), .i32(0)], memory: memory), .badFileDescriptor)
        XCTAssertEqual(try restored.call("fd_prestat_get", [.i32(4), .i32(0)], memory: memory), .success)
        XCTAssertEqual(try memory.load(UInt32.self, at: 4), 2, "the name /b")
        XCTAssertEqual(try restored.call("fd_fdstat_get", [.i32(4), .i32(16)], memory: memory), .success)
        XCTAssertEqual(WASIRights(rawValue: try memory.load(UInt64.self, at: 24)), kept)
        XCTAssertEqual(try memory.load(UInt64.self, at: 32), 0, "inheriting rights dropped too")
        // A socket handed to the restored context takes the lowest free number.
        var pair: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair), 0)
        defer { close(pair[0]); close(pair[1]) }
        let withSocket = try WASIContext(restoring: wasi, configuration: WASIConfiguration(sockets: [pair[0]]))
        XCTAssertEqual(try withSocket.call("fd_fdstat_get", [.i32(3), .i32(16)], memory: memory), .success)
        XCTAssertEqual(try memory.load(UInt8.self, at: 16), WASIFiletype.socketStream.rawValue)
    }

    /// Random damage to the extension's bytes is always either decoded or rejected with a message, never a crash.
    func testMutatedExtensionsNeverCrash() throws {
        let state = WASISnapshotState(
            arguments: ["php-cgi", "-d", "x=1"], environment: [(name: "A", value: "1")],
            preopens: [.init(descriptor: 3, preopen: WASIPreopen(hostPath: "/srv", guestPath: "/www", access: .readWrite),
                             rightsBase: .directory, rightsInheriting: .regularFile),
                       .init(descriptor: 5, preopen: WASIPreopen(hostPath: "/tmp", guestPath: "/tmp", access: .readOnly),
                             rightsBase: [], rightsInheriting: [])],
            clock: .deterministic(realtimeStart: 1, step: 2), random: .deterministic(seed: 3))
        let bytes = state.snapshotExtension.bytes
        var generator = SystemRandomNumberGenerator()
        var rejected = 0
        for _ in 0..<2000 {
            var mutated = bytes
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: mutated[Int.random(in: 0..<mutated.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            case 1: mutated.removeLast(Int.random(in: 1...mutated.count, using: &generator))
            default: mutated.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...mutated.count, using: &generator))
            }
            do { _ = try WASISnapshotState(decoding: SnapshotExtension(name: "wasi", bytes: mutated)) } catch {
                XCTAssertFalse(error.message.isEmpty)
                rejected += 1
            }
        }
        XCTAssertGreaterThan(rejected, 1000)
    }
}

/// The rights of a read-only preopen, spelled out (the computation is internal to the WASI module).
private let WASIContext_readOnlyBase = WASIRights.directory.subtracting(.mutating)
