#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WASI
import WasmVM
import XCTest

/// Calls the WASI functions directly (``WASIContext/call(_:_:memory:)``) against a standalone memory, to check
/// layouts, errnos and the deterministic clock and random sources without a guest program.
final class WASIHostFunctionTests: XCTestCase {
    private var store: Store!
    private var memory: Memory!

    override func setUpWithError() throws {
        store = Store()
        memory = try store.memory(MemoryType(limits: Limits(min: 1)))
    }

    private func call(_ context: WASIContext, _ name: String, _ arguments: [Value],
                      file: StaticString = #filePath, line: UInt = #line) throws -> WASIErrno {
        try context.call(name, arguments, memory: memory)
    }

    private func u32(_ offset: UInt64) throws -> UInt32 { try memory.load(UInt32.self, at: offset) }
    private func u64(_ offset: UInt64) throws -> UInt64 { try memory.load(UInt64.self, at: offset) }

    /// Writes one iovec at `at` describing `count` bytes at `buffer`.
    private func iovec(at: UInt64, buffer: UInt32, count: UInt32) throws {
        try memory.store(buffer, at: at)
        try memory.store(count, at: at + 4)
    }

    func testEveryFunctionIsDefined() {
        let names = Set(WASIContext.functionNames)
        let expected: Set<String> = [
            "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
            "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
            "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
            "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
            "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
            "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
            "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
            "sock_recv", "sock_send", "sock_shutdown",
        ]
        XCTAssertEqual(names, expected)
        var imports = Imports()
        try? WASIContext(WASIConfiguration()).define(into: &imports)
    }

    func testArgumentsAndEnvironmentLayout() throws {
        let context = try WASIContext(WASIConfiguration(arguments: ["prog", "ä"], environment: [(name: "A", value: "1")]))
        XCTAssertEqual(try call(context, "args_sizes_get", [.i32(0), .i32(4)]), .success)
        XCTAssertEqual(try u32(0), 2)
        XCTAssertEqual(try u32(4), 5 + 3)
        XCTAssertEqual(try call(context, "args_get", [.i32(100), .i32(200)]), .success)
        XCTAssertEqual(try u32(100), 200)
        XCTAssertEqual(try u32(104), 205)
        XCTAssertEqual(try memory.read(at: 200, count: 8), Array("prog\0ä\0".utf8))
        XCTAssertEqual(try call(context, "environ_sizes_get", [.i32(0), .i32(4)]), .success)
        XCTAssertEqual(try u32(0), 1)
        XCTAssertEqual(try u32(4), 4)
        XCTAssertEqual(try call(context, "environ_get", [.i32(300), .i32(400)]), .success)
        XCTAssertEqual(try memory.string(at: UInt64(try u32(300)), count: 4), "A=1\0")
        // Pointers outside memory are `fault`, not a crash.
        XCTAssertEqual(try call(context, "args_get", [.i32(65534), .i32(200)]), .fault)
        XCTAssertEqual(try call(context, "args_sizes_get", [.i32(UInt32.max), .i32(4)]), .fault)
    }

    func testDeterministicClock() throws {
        let context = try WASIContext(WASIConfiguration(clock: .deterministic(realtimeStart: 1_000_000, step: 10)))
        XCTAssertEqual(try call(context, "clock_time_get", [.i32(1), .i64(1), .i32(0)]), .success)
        let first = try u64(0)
        XCTAssertEqual(try call(context, "clock_time_get", [.i32(1), .i64(1), .i32(0)]), .success)
        XCTAssertEqual(try u64(0), first + 10)
        XCTAssertEqual(try call(context, "clock_time_get", [.i32(0), .i64(1), .i32(8)]), .success)
        XCTAssertEqual(try u64(8), 1_000_000 + first + 20)
        XCTAssertEqual(try call(context, "clock_res_get", [.i32(0), .i32(16)]), .success)
        XCTAssertEqual(try u64(16), 10)
        XCTAssertEqual(try call(context, "clock_time_get", [.i32(9), .i64(1), .i32(0)]), .invalid)
        XCTAssertEqual(try call(context, "clock_res_get", [.i32(4), .i32(0)]), .invalid)
    }

    func testSystemClock() throws {
        let context = try WASIContext(WASIConfiguration())
        XCTAssertEqual(try call(context, "clock_time_get", [.i32(0), .i64(1), .i32(0)]), .success)
        XCTAssertGreaterThan(try u64(0), 1_600_000_000 * 1_000_000_000)
        for id: UInt32 in 0...3 {
            XCTAssertEqual(try call(context, "clock_res_get", [.i32(id), .i32(8)]), .success)
            XCTAssertGreaterThan(try u64(8), 0)
        }
    }

    func testDeterministicRandom() throws {
        func bytes(seed: UInt64) throws -> [UInt8] {
            let context = try WASIContext(WASIConfiguration(random: .deterministic(seed: seed)))
            XCTAssertEqual(try call(context, "random_get", [.i32(1000), .i32(37)]), .success)
            return try memory.read(at: 1000, count: 37)
        }
        XCTAssertEqual(try bytes(seed: 7), try bytes(seed: 7))
        XCTAssertNotEqual(try bytes(seed: 7), try bytes(seed: 8))
        let system = try WASIContext(WASIConfiguration())
        XCTAssertEqual(try call(system, "random_get", [.i32(0), .i32(1000)]), .success)
        XCTAssertNotEqual(try memory.read(at: 0, count: 1000), [UInt8](repeating: 0, count: 1000))
        XCTAssertEqual(try call(system, "random_get", [.i32(65000), .i32(1000)]), .fault)
    }

    func testCustomClockAndRandom() throws {
        let context = try WASIContext(WASIConfiguration(
            clock: .custom { id in id == .realtime ? 123 : 456 },
            random: .custom { buffer in buffer.initializeMemory(as: UInt8.self, repeating: 0xAB) }))
        XCTAssertEqual(try call(context, "clock_time_get", [.i32(0), .i64(1), .i32(0)]), .success)
        XCTAssertEqual(try u64(0), 123)
        XCTAssertEqual(try call(context, "clock_time_get", [.i32(1), .i64(1), .i32(0)]), .success)
        XCTAssertEqual(try u64(0), 456)
        XCTAssertEqual(try call(context, "random_get", [.i32(100), .i32(3)]), .success)
        XCTAssertEqual(try memory.read(at: 100, count: 4), [0xAB, 0xAB, 0xAB, 0])
    }

    func testOutputBufferAndLimit() throws {
        let output = WASIOutputBuffer(limit: 8)
        let context = try WASIContext(WASIConfiguration(stdout: .buffer(output)))
        try memory.write(Array("hello world".utf8), at: 100)
        try iovec(at: 0, buffer: 100, count: 5)
        try iovec(at: 8, buffer: 105, count: 6)
        XCTAssertEqual(try call(context, "fd_write", [.i32(1), .i32(0), .i32(2), .i32(50)]), .success)
        XCTAssertEqual(try u32(50), 8)
        XCTAssertEqual(output.text, "hello wo")
        XCTAssertEqual(try call(context, "fd_write", [.i32(1), .i32(0), .i32(1), .i32(50)]), .noSpace)
        // stderr defaults to null: accepted and dropped. stdin (null) is not writable.
        XCTAssertEqual(try call(context, "fd_write", [.i32(2), .i32(0), .i32(2), .i32(50)]), .success)
        XCTAssertEqual(try u32(50), 11)
        XCTAssertEqual(try call(context, "fd_write", [.i32(0), .i32(0), .i32(1), .i32(50)]), .badFileDescriptor)
        XCTAssertEqual(try call(context, "fd_write", [.i32(9), .i32(0), .i32(1), .i32(50)]), .badFileDescriptor)
        // An iovec pointing outside memory.
        try iovec(at: 16, buffer: 65530, count: 100)
        XCTAssertEqual(try call(context, "fd_write", [.i32(2), .i32(16), .i32(1), .i32(50)]), .fault)
        output.removeAll()
        XCTAssertEqual(output.bytes, [])
    }

    func testStdinBytes() throws {
        let context = try WASIContext(WASIConfiguration(stdin: .bytes(Array("abcdefg".utf8))))
        try iovec(at: 0, buffer: 100, count: 3)
        try iovec(at: 8, buffer: 200, count: 3)
        XCTAssertEqual(try call(context, "fd_read", [.i32(0), .i32(0), .i32(2), .i32(50)]), .success)
        XCTAssertEqual(try u32(50), 6)
        XCTAssertEqual(try memory.read(at: 100, count: 3) + memory.read(at: 200, count: 3), Array("abcdef".utf8))
        XCTAssertEqual(try call(context, "fd_read", [.i32(0), .i32(0), .i32(2), .i32(50)]), .success)
        XCTAssertEqual(try u32(50), 1)
        XCTAssertEqual(try call(context, "fd_read", [.i32(0), .i32(0), .i32(2), .i32(50)]), .success)
        XCTAssertEqual(try u32(50), 0)
        XCTAssertEqual(try call(context, "fd_seek", [.i32(0), .i64(0), .i32(0), .i32(50)]), .invalidSeek)
        XCTAssertEqual(try call(context, "fd_read", [.i32(1), .i32(0), .i32(2), .i32(50)]), .badFileDescriptor)
    }

    func testPollWithDeterministicClock() throws {
        let context = try WASIContext(WASIConfiguration(stdin: .bytes([1, 2, 3]),
                                                        clock: .deterministic(realtimeStart: 0, step: 1)))
        // One relative clock subscription of 5 s: returns at once, with virtual time 5 s later.
        func clockSubscription(at offset: UInt64, userdata: UInt64, timeout: UInt64, absolute: Bool) throws {
            try memory.write([UInt8](repeating: 0, count: 48), at: offset)
            try memory.store(userdata, at: offset)
            try memory.store(UInt8(0), at: offset + 8)
            try memory.store(UInt32(1), at: offset + 16)
            try memory.store(timeout, at: offset + 24)
            try memory.store(UInt16(absolute ? 1 : 0), at: offset + 40)
        }
        try clockSubscription(at: 0, userdata: 77, timeout: 5_000_000_000, absolute: false)
        XCTAssertEqual(try call(context, "poll_oneoff", [.i32(0), .i32(1000), .i32(1), .i32(2000)]), .success)
        XCTAssertEqual(try u32(2000), 1)
        XCTAssertEqual(try u64(1000), 77)
        XCTAssertEqual(try memory.load(UInt16.self, at: 1008), 0)
        XCTAssertEqual(try memory.load(UInt8.self, at: 1010), 0)
        XCTAssertEqual(try call(context, "clock_time_get", [.i32(1), .i64(1), .i32(3000)]), .success)
        XCTAssertGreaterThanOrEqual(try u64(3000), 5_000_000_000)

        // An absolute deadline already past fires immediately; a read subscription on stdin is ready with 3 bytes.
        try clockSubscription(at: 0, userdata: 1, timeout: 10, absolute: true)
        try memory.write([UInt8](repeating: 0, count: 48), at: 48)
        try memory.store(UInt64(2), at: 48)
        try memory.store(UInt8(1), at: 56)
        try memory.store(UInt32(0), at: 64)
        XCTAssertEqual(try call(context, "poll_oneoff", [.i32(0), .i32(1000), .i32(2), .i32(2000)]), .success)
        XCTAssertEqual(try u32(2000), 2)
        let events = [try u64(1000), try u64(1032)]
        XCTAssertEqual(Set(events), [1, 2])
        let readEvent = events[0] == 2 ? UInt64(1000) : 1032
        XCTAssertEqual(try memory.load(UInt8.self, at: readEvent + 10), 1)
        XCTAssertEqual(try u64(readEvent + 16), 3)

        // A subscription on a closed descriptor reports `badf` in its event.
        try memory.store(UInt32(42), at: 64)
        XCTAssertEqual(try call(context, "poll_oneoff", [.i32(48), .i32(1000), .i32(1), .i32(2000)]), .success)
        XCTAssertEqual(try memory.load(UInt16.self, at: 1008), WASIErrno.badFileDescriptor.rawValue)
        XCTAssertEqual(try call(context, "poll_oneoff", [.i32(0), .i32(1000), .i32(0), .i32(2000)]), .invalid)
    }

    func testPollOnHostPipe() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]); close(ends[1]) }
        let context = try WASIContext(WASIConfiguration(stdin: .hostFileDescriptor(ends[0])))
        try memory.write([UInt8](repeating: 0, count: 96), at: 0)
        try memory.store(UInt64(5), at: 0)
        try memory.store(UInt8(1), at: 8)        // fd_read on stdin
        try memory.store(UInt64(6), at: 48)
        try memory.store(UInt8(0), at: 56)       // clock, 20 ms
        try memory.store(UInt32(1), at: 64)
        try memory.store(UInt64(20_000_000), at: 72)
        let start = ContinuousClock.now
        XCTAssertEqual(try call(context, "poll_oneoff", [.i32(0), .i32(1000), .i32(2), .i32(2000)]), .success)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .milliseconds(19))
        XCTAssertEqual(try u32(2000), 1)
        XCTAssertEqual(try u64(1000), 6)
        _ = write(ends[1], "xy", 2)
        XCTAssertEqual(try call(context, "poll_oneoff", [.i32(0), .i32(1000), .i32(2), .i32(2000)]), .success)
        XCTAssertEqual(try u32(2000), 1)
        XCTAssertEqual(try u64(1000), 5)
        XCTAssertEqual(try u64(1016), 2)
    }

    func testPreopensAndRights() throws {
        let directory = try GuestHarness.makeTree()
        defer { try? FileManager.default.removeItem(at: directory) }
        let context = try WASIContext(WASIConfiguration(preopens: [
            WASIPreopen(hostPath: directory.path, guestPath: "/data"),
            WASIPreopen(hostPath: directory.path, guestPath: "ro", access: .readOnly),
        ]))
        XCTAssertEqual(try call(context, "fd_prestat_get", [.i32(3), .i32(0)]), .success)
        XCTAssertEqual(try u32(0), 0)
        XCTAssertEqual(try u32(4), 5)
        XCTAssertEqual(try call(context, "fd_prestat_dir_name", [.i32(3), .i32(100), .i32(5)]), .success)
        XCTAssertEqual(try memory.string(at: 100, count: 5), "/data")
        XCTAssertEqual(try call(context, "fd_prestat_dir_name", [.i32(3), .i32(100), .i32(4)]), .nameTooLong)
        XCTAssertEqual(try call(context, "fd_prestat_get", [.i32(5), .i32(0)]), .badFileDescriptor)
        XCTAssertEqual(try call(context, "fd_prestat_get", [.i32(1), .i32(0)]), .badFileDescriptor)

        // fdstat: a directory; rights can be dropped but never regained.
        XCTAssertEqual(try call(context, "fd_fdstat_get", [.i32(4), .i32(0)]), .success)
        XCTAssertEqual(try memory.load(UInt8.self, at: 0), WASIFiletype.directory.rawValue)
        let base = WASIRights(rawValue: try u64(8)), inheriting = WASIRights(rawValue: try u64(16))
        XCTAssertTrue(base.isDisjoint(with: .mutating))
        XCTAssertTrue(inheriting.isDisjoint(with: .mutating))
        XCTAssertEqual(try call(context, "fd_fdstat_set_rights", [.i32(4), .i64(WASIRights.fdWrite.rawValue), .i64(0)]), .notCapable)
        let fileRights: WASIRights = [.fdRead, .fdFilestatGet]
        XCTAssertEqual(try call(context, "fd_fdstat_set_rights", [.i32(3), .i64(WASIRights.pathOpen.rawValue), .i64(fileRights.rawValue)]), .success)
        try memory.write(Array("hello.txt".utf8), at: 200)
        // Creating needs a right fd 3 no longer has; opening still works; write access is not inherited.
        XCTAssertEqual(try call(context, "path_open", [.i32(3), .i32(0), .i32(200), .i32(9), .i32(1), .i64(WASIRights.fdRead.rawValue), .i64(0), .i32(0), .i32(300)]), .notCapable)
        XCTAssertEqual(try call(context, "path_open", [.i32(3), .i32(0), .i32(200), .i32(9), .i32(0), .i64(fileRights.rawValue), .i64(0), .i32(0), .i32(300)]), .success)
        let opened = try u32(300)
        XCTAssertEqual(try call(context, "path_open", [.i32(3), .i32(0), .i32(200), .i32(9), .i32(0), .i64(WASIRights.fdWrite.rawValue), .i64(0), .i32(0), .i32(300)]), .notCapable)

        // filestat of the opened file.
        XCTAssertEqual(try call(context, "fd_filestat_get", [.i32(opened), .i32(400)]), .success)
        XCTAssertEqual(try memory.load(UInt8.self, at: 416), WASIFiletype.regularFile.rawValue)
        XCTAssertEqual(try u64(424), 1)
        XCTAssertEqual(try u64(432), 13)
        var info = stat()
        XCTAssertEqual(stat(directory.appendingPathComponent("hello.txt").path, &info), 0)
        XCTAssertEqual(try u64(408), UInt64(info.st_ino))
        XCTAssertEqual(try u64(448), UInt64(info.st_mtim.tv_sec) * 1_000_000_000 + UInt64(info.st_mtim.tv_nsec))

        // Renumbering onto an open descriptor closes it; onto a closed one is `badf`.
        XCTAssertEqual(try call(context, "fd_renumber", [.i32(opened), .i32(4)]), .success)
        XCTAssertEqual(try call(context, "fd_filestat_get", [.i32(4), .i32(400)]), .success)
        XCTAssertEqual(try memory.load(UInt8.self, at: 416), WASIFiletype.regularFile.rawValue)
        XCTAssertEqual(try call(context, "fd_filestat_get", [.i32(opened), .i32(400)]), .badFileDescriptor)
        XCTAssertEqual(try call(context, "fd_renumber", [.i32(4), .i32(opened)]), .badFileDescriptor)
        XCTAssertEqual(try call(context, "fd_close", [.i32(4)]), .success)
        XCTAssertEqual(try call(context, "fd_close", [.i32(4)]), .badFileDescriptor)
    }

    func testReaddirCookiesSurviveChanges() throws {
        let directory = try GuestHarness.makeTree()
        defer { try? FileManager.default.removeItem(at: directory) }
        for i in 0..<20 { try Data().write(to: directory.appendingPathComponent("file\(i)")) }
        let context = try WASIContext(WASIConfiguration(preopens: [WASIPreopen(hostPath: directory.path, guestPath: "/d")]))

        /// Reads the entry after `cookie` with a buffer that fits one record; returns (name, next cookie, type).
        func entry(after cookie: UInt64) throws -> (String, UInt64, UInt8)? {
            XCTAssertEqual(try call(context, "fd_readdir", [.i32(3), .i32(1000), .i32(24 + 40), .i64(cookie), .i32(0)]), .success)
            let used = try u32(0)
            if used == 0 { return nil }
            let length = try u32(1016)
            return (try memory.string(at: 1024, count: Int(length)), try u64(1000), try memory.load(UInt8.self, at: 1020))
        }
        var names: [String] = [], cookie: UInt64 = 0, cookieAfterFive: UInt64 = 0
        while let (name, next, type) = try entry(after: cookie) {
            names.append(name)
            if name == "sub" || name == "." || name == ".." { XCTAssertEqual(type, WASIFiletype.directory.rawValue) }
            if name == "hello.txt" { XCTAssertEqual(type, WASIFiletype.regularFile.rawValue) }
            cookie = next
            if names.count == 5 { cookieAfterFive = next }
        }
        XCTAssertEqual(names.count, 24)
        XCTAssertEqual(Set(names).count, 24)
        XCTAssertLessThan(cookie, 1 << 31, "cookies must fit wasi-libc's 32-bit telldir")

        // Removing an entry that was already listed does not disturb resuming from a cookie.
        try FileManager.default.removeItem(at: directory.appendingPathComponent(names[1] == "." || names[1] == ".." ? names[2] : names[1]))
        var rest: [String] = []
        cookie = cookieAfterFive
        while let (name, next, _) = try entry(after: cookie) {
            rest.append(name)
            cookie = next
        }
        XCTAssertEqual(rest, Array(names[5...]))

        // A tiny buffer gets a truncated record (bufused == buffer size), as the witx specifies.
        XCTAssertEqual(try call(context, "fd_readdir", [.i32(3), .i32(1000), .i32(10), .i64(0), .i32(0)]), .success)
        XCTAssertEqual(try u32(0), 10)
        XCTAssertEqual(try call(context, "fd_readdir", [.i32(3), .i32(1000), .i32(10), .i64(99999), .i32(0)]), .invalid)
    }

    func testSockets() throws {
        var pair: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair), 0)
        defer { close(pair[0]); close(pair[1]) }
        let context = try WASIContext(WASIConfiguration(sockets: [pair[0]]))
        XCTAssertEqual(try call(context, "fd_fdstat_get", [.i32(3), .i32(0)]), .success)
        XCTAssertEqual(try memory.load(UInt8.self, at: 0), WASIFiletype.socketStream.rawValue)

        try memory.write(Array("ping".utf8), at: 100)
        try iovec(at: 0, buffer: 100, count: 4)
        XCTAssertEqual(try call(context, "sock_send", [.i32(3), .i32(0), .i32(1), .i32(0), .i32(50)]), .success)
        XCTAssertEqual(try u32(50), 4)
        var received = [UInt8](repeating: 0, count: 4)
        XCTAssertEqual(read(pair[1], &received, 4), 4)
        XCTAssertEqual(received, Array("ping".utf8))

        XCTAssertEqual(write(pair[1], "pong!", 5), 5)
        try iovec(at: 0, buffer: 200, count: 16)
        XCTAssertEqual(try call(context, "sock_recv", [.i32(3), .i32(0), .i32(1), .i32(1), .i32(50), .i32(54)]), .success)
        XCTAssertEqual(try u32(50), 5)   // peeked
        XCTAssertEqual(try call(context, "sock_recv", [.i32(3), .i32(0), .i32(1), .i32(0), .i32(50), .i32(54)]), .success)
        XCTAssertEqual(try u32(50), 5)
        XCTAssertEqual(try memory.string(at: 200, count: 5), "pong!")
        XCTAssertEqual(try memory.load(UInt16.self, at: 54), 0)

        // fd_write on a socket works too; once the peer is gone it is EPIPE (and no SIGPIPE kills the host).
        try iovec(at: 0, buffer: 100, count: 4)
        XCTAssertEqual(try call(context, "fd_write", [.i32(3), .i32(0), .i32(1), .i32(50)]), .success)
        XCTAssertEqual(read(pair[1], &received, 4), 4)

        XCTAssertEqual(try call(context, "sock_shutdown", [.i32(3), .i32(2)]), .success)
        XCTAssertEqual(read(pair[1], &received, 4), 0, "the peer sees end of stream")
        XCTAssertEqual(try call(context, "sock_shutdown", [.i32(3), .i32(7)]), .invalid)
        // A socket that is not listening cannot accept; stdout is not a socket.
        XCTAssertNotEqual(try call(context, "sock_accept", [.i32(3), .i32(0), .i32(60)]), .success)
        XCTAssertEqual(try call(context, "sock_shutdown", [.i32(1), .i32(3)]), .notCapable)
        XCTAssertEqual(try call(context, "fd_write", [.i32(3), .i32(0), .i32(1), .i32(50)]), .brokenPipe)
    }

    func testSocketAccept() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(listener, 4), 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) } }
        XCTAssertEqual(connected, 0)

        let context = try WASIContext(WASIConfiguration(sockets: [listener]))
        XCTAssertEqual(try call(context, "sock_accept", [.i32(3), .i32(0), .i32(60)]), .success)
        let connection = try u32(60)
        XCTAssertEqual(write(client, "hi", 2), 2)
        try iovec(at: 0, buffer: 200, count: 16)
        XCTAssertEqual(try call(context, "fd_read", [.i32(connection), .i32(0), .i32(1), .i32(50)]), .success)
        XCTAssertEqual(try u32(50), 2)
        XCTAssertEqual(try call(context, "sock_accept", [.i32(3), .i32(0xFF), .i32(60)]), .invalid)
    }

    func testProcExitAndRaise() throws {
        let context = try WASIContext(WASIConfiguration())
        XCTAssertThrowsError(try context.call("proc_exit", [.i32(7)], memory: memory)) { error in
            XCTAssertEqual(error as? WASIExit, WASIExit(code: 7))
        }
        XCTAssertEqual(try call(context, "proc_raise", [.i32(9)]), .notImplemented)
        XCTAssertEqual(try call(context, "sched_yield", []), .success)
        XCTAssertEqual(try call(context, "no_such_function", []), .notImplemented)
        XCTAssertEqual(try call(context, "fd_close", [.i64(1)]), .invalid)
    }

    func testConfigurationErrors() {
        XCTAssertThrowsError(try WASIContext(WASIConfiguration(preopens: [WASIPreopen(hostPath: "/no/such/dir")])))
        XCTAssertThrowsError(try WASIContext(WASIConfiguration(stdin: .file(path: "/no/such/file"))))
    }

    func testOutputToHostFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wasi-out-\(UUID().uuidString)").path
        defer { unlink(path) }
        do {
            let context = try WASIContext(WASIConfiguration(stdout: .file(path: path)))
            try memory.write(Array("to a file".utf8), at: 100)
            try iovec(at: 0, buffer: 100, count: 9)
            XCTAssertEqual(try call(context, "fd_write", [.i32(1), .i32(0), .i32(1), .i32(50)]), .success)
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "to a file")
    }
}
