import Foundation
import Synchronization
import WASI
import WasmVM
import XCTest

/// ``WASIStreamWriter`` and ``WASIStreamReader``: a guest's stdout/stdin bridged to the embedder's objects as
/// the guest writes and reads, through `fd_write`, `fd_read` and `poll_oneoff`.
final class WASIStreamTests: XCTestCase {
    /// Collects what is written, in the chunks it arrives in, accepting at most `capacity` bytes in total.
    final class ChunkWriter: WASIStreamWriter {
        let chunks = Mutex<[[UInt8]]>([])
        let capacity: Int
        init(capacity: Int = .max) { self.capacity = capacity }
        var text: String { String(decoding: chunks.withLock { $0.joined() }, as: UTF8.self) }
        func write(_ bytes: UnsafeRawBufferPointer) -> Int {
            chunks.withLock { chunks in
                let room = capacity - chunks.reduce(0) { $0 + $1.count }
                let taken = min(room, bytes.count)
                if taken > 0 { chunks.append(Array(bytes.prefix(taken))) }
                return taken
            }
        }
    }

    /// Hands out `data` at most `chunk` bytes per read, counting the calls.
    final class ChunkReader: WASIStreamReader {
        let state: Mutex<(data: [UInt8], position: Int, calls: Int)>
        let chunk: Int
        init(_ data: [UInt8], chunk: Int) {
            state = Mutex((data, 0, 0))
            self.chunk = chunk
        }
        var calls: Int { state.withLock { $0.calls } }
        func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
            state.withLock { state in
                state.calls += 1
                let n = min(chunk, buffer.count, state.data.count - state.position)
                for i in 0..<n { buffer[i] = state.data[state.position + i] }
                state.position += n
                return n
            }
        }
    }

    private var memory: Memory!

    override func setUpWithError() throws {
        memory = try Store().memory(MemoryType(limits: Limits(min: 1)))
    }

    private func iovec(at: UInt64, buffer: UInt32, count: UInt32) throws {
        try memory.store(buffer, at: at)
        try memory.store(count, at: at + 4)
    }

    func testWriterReceivesEachVector() throws {
        let writer = ChunkWriter()
        let context = try WASIContext(WASIConfiguration(stdout: .writer(writer), stderr: .writer(writer)))
        try memory.write(Array("hello world".utf8), at: 100)
        try iovec(at: 0, buffer: 100, count: 5)
        try iovec(at: 8, buffer: 105, count: 0)
        try iovec(at: 16, buffer: 105, count: 6)
        XCTAssertEqual(try context.call("fd_write", [.i32(1), .i32(0), .i32(3), .i32(50)], memory: memory), .success)
        XCTAssertEqual(try memory.load(UInt32.self, at: 50), 11)
        XCTAssertEqual(writer.chunks.withLock { $0 }, [Array("hello".utf8), Array(" world".utf8)])
        XCTAssertEqual(try context.call("fd_write", [.i32(2), .i32(0), .i32(1), .i32(50)], memory: memory), .success)
        XCTAssertEqual(writer.text, "hello worldhello")
        // A writer is output only.
        XCTAssertEqual(try context.call("fd_read", [.i32(1), .i32(0), .i32(1), .i32(50)], memory: memory),
                       .badFileDescriptor)
    }

    func testWriterShortWriteAndNoSpace() throws {
        let writer = ChunkWriter(capacity: 7)
        let context = try WASIContext(WASIConfiguration(stdout: .writer(writer)))
        try memory.write(Array("hello world".utf8), at: 100)
        try iovec(at: 0, buffer: 100, count: 5)
        try iovec(at: 8, buffer: 105, count: 6)
        XCTAssertEqual(try context.call("fd_write", [.i32(1), .i32(0), .i32(2), .i32(50)], memory: memory), .success)
        XCTAssertEqual(try memory.load(UInt32.self, at: 50), 7, "a short write reports what was taken")
        XCTAssertEqual(writer.text, "hello w")
        XCTAssertEqual(try context.call("fd_write", [.i32(1), .i32(0), .i32(1), .i32(50)], memory: memory), .noSpace)
    }

    func testReaderFillsVectorsUntilShort() throws {
        let reader = ChunkReader(Array("abcdefghij".utf8), chunk: 4)
        let context = try WASIContext(WASIConfiguration(stdin: .reader(reader)))
        try iovec(at: 0, buffer: 100, count: 4)
        try iovec(at: 8, buffer: 200, count: 4)
        XCTAssertEqual(try context.call("fd_read", [.i32(0), .i32(0), .i32(2), .i32(50)], memory: memory), .success)
        XCTAssertEqual(try memory.load(UInt32.self, at: 50), 8)
        XCTAssertEqual(try memory.read(at: 100, count: 4) + memory.read(at: 200, count: 4), Array("abcdefgh".utf8))
        // Two bytes are left: the first vector comes back short, so the second is not asked for.
        let callsBefore = reader.calls
        XCTAssertEqual(try context.call("fd_read", [.i32(0), .i32(0), .i32(2), .i32(50)], memory: memory), .success)
        XCTAssertEqual(try memory.load(UInt32.self, at: 50), 2)
        XCTAssertEqual(reader.calls, callsBefore + 1)
        XCTAssertEqual(try memory.read(at: 100, count: 2), Array("ij".utf8))
        // End of stream.
        XCTAssertEqual(try context.call("fd_read", [.i32(0), .i32(0), .i32(2), .i32(50)], memory: memory), .success)
        XCTAssertEqual(try memory.load(UInt32.self, at: 50), 0)
        // A reader is input only.
        XCTAssertEqual(try context.call("fd_write", [.i32(0), .i32(0), .i32(1), .i32(50)], memory: memory),
                       .badFileDescriptor)
    }

    func testPollReportsStreamsReady() throws {
        let context = try WASIContext(WASIConfiguration(stdin: .reader(ChunkReader([1, 2], chunk: 1)),
                                                        stdout: .writer(ChunkWriter())))
        // Two subscriptions: fd 0 readable, fd 1 writable.
        for (i, (fd, tag)) in [(UInt32(0), UInt8(1)), (UInt32(1), UInt8(2))].enumerated() {
            let at = UInt64(i * 48)
            try memory.write([UInt8](repeating: 0, count: 48), at: at)
            try memory.store(UInt64(10 + i), at: at)
            try memory.store(tag, at: at + 8)
            try memory.store(fd, at: at + 16)
        }
        XCTAssertEqual(try context.call("poll_oneoff", [.i32(0), .i32(1000), .i32(2), .i32(2000)], memory: memory),
                       .success)
        XCTAssertEqual(try memory.load(UInt32.self, at: 2000), 2)
        XCTAssertEqual(Set([try memory.load(UInt64.self, at: 1000), try memory.load(UInt64.self, at: 1032)]), [10, 11])
        XCTAssertEqual(try memory.load(UInt16.self, at: 1008), 0, "no error")
    }

    /// A real guest (stdin_echo.c) copies a streamed stdin to a streamed stdout, exactly as it does with
    /// in-memory stdio, with the reader handing out a few bytes per read.
    func testGuestEchoesThroughStreams() throws {
        let module = try Module(bytes: Array(try Data(contentsOf: try GuestHarness.module("stdin_echo"))))
        let input = Array(String(repeating: "line of input\n", count: 40).utf8)
        let reader = ChunkReader(input, chunk: 7)
        let writer = ChunkWriter()
        let streamed = try WASIContext(WASIConfiguration(arguments: ["echo"], stdin: .reader(reader),
                                                         stdout: .writer(writer)))
        XCTAssertEqual(try streamed.run(module).exitCode, 0)
        XCTAssertGreaterThan(reader.calls, input.count / 7, "the guest pulled its input in pieces")

        let buffer = WASIOutputBuffer()
        let buffered = try WASIContext(WASIConfiguration(arguments: ["echo"], stdin: .bytes(input), stdout: .buffer(buffer)))
        XCTAssertEqual(try buffered.run(module).exitCode, 0)
        XCTAssertTrue(writer.text.hasPrefix("bytes=\(input.count) lines=40\n"), writer.text)
        XCTAssertEqual(writer.text, buffer.text)
    }
}
