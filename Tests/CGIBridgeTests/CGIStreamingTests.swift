import CGIBridge
import Foundation
import Synchronization
import WASI
import XCTest

/// `handle(_:streamingTo:)`: the head and body reach the sink while the guest is still running, tiny responses
/// come whole with a Content-Length, failures before the head are clean 5xx responses and failures after it
/// break the stream off; a streamed request body is read while it arrives.
final class CGIStreamingTests: XCTestCase {
    /// Writes with write(2) directly (no stdio buffer), so each piece is one fd_write.
    static let guestSource = #"""
    #include <stdlib.h>
    #include <string.h>
    #include <time.h>
    #include <unistd.h>

    static void put(const char *text) { write(1, text, strlen(text)); }

    /// Burns time in guest code (so the deadline can stop it), checking the clock.
    static void busy(long milliseconds) {
        struct timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        do {
            clock_gettime(CLOCK_MONOTONIC, &now);
        } while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < milliseconds);
    }

    int main(void) {
        const char *query = getenv("QUERY_STRING");
        if (!query) query = "";
        if (strcmp(query, "tiny") == 0) {
            put("Content-Type: text/plain\r\n");
            put("X-Piece: one\r\n\r\n");
            put("hel");
            put("lo\n");
            return 0;
        }
        if (strcmp(query, "handshake") == 0) {
            // Each piece is answered by the host only after it has seen the piece: if the bridge held the
            // pieces back until the guest ended, the reads would wait for nothing.
            put("Content-Type: text/plain\r\n\r\n");
            char buffer[64];
            for (int i = 1; i <= 3; i++) {
                char line[32] = "piece ";
                line[6] = '0' + i;
                line[7] = '\n';
                line[8] = 0;
                put(line);
                ssize_t n = read(0, buffer, sizeof buffer);
                if (n <= 0) { put("no answer\n"); return 0; }
                put("got ");
                write(1, buffer, n);
            }
            return 0;
        }
        if (strcmp(query, "slow") == 0) {
            put("Content-Type: text/plain\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                put("tick\n");
                busy(300);
            }
            return 0;
        }
        if (strcmp(query, "large") == 0) {
            put("Content-Type: application/octet-stream\r\n\r\n");
            char block[1000];
            for (int i = 0; i < 100; i++) {
                memset(block, 'a' + i % 26, sizeof block);
                write(1, block, sizeof block);
            }
            return 0;
        }
        if (strcmp(query, "trap-before") == 0) {
            put("Content-Type: text/plain\r\n\r\nalmost");
            __builtin_trap();
        }
        if (strcmp(query, "trap-after") == 0) {
            put("Content-Type: text/plain\r\n\r\nfirst part\n");
            busy(300);
            __builtin_trap();
        }
        if (strcmp(query, "spin-after") == 0) {
            put("Content-Type: text/plain\r\n\r\nfirst part\n");
            busy(300);
            for (volatile unsigned i = 0;; i++) {}
        }
        if (strcmp(query, "garbage") == 0) {
            put("this is not a header\n\nbody\n");
            return 0;
        }
        if (strcmp(query, "local") == 0) {
            put("Location: /target?from=local\r\n\r\nignored body");
            return 0;
        }
        if (strcmp(query, "echo") == 0) {
            // The request body, read in whatever pieces the reader hands over.
            put("Content-Type: text/plain\r\n\r\n");
            const char *length = getenv("CONTENT_LENGTH");
            put("length=");
            put(length ? length : "(unset)");
            put("\n");
            char buffer[7];
            ssize_t n;
            while ((n = read(0, buffer, sizeof buffer)) > 0) write(1, buffer, n);
            return 0;
        }
        put("Content-Type: text/plain\r\n\r\nquery=");
        put(query);
        put("\n");
        return 0;
    }
    """#

    func application(_ log: LogRecorder = LogRecorder(), configure: (inout CGIConfiguration) -> Void = { _ in })
        throws -> CGIApplication {
        var configuration = CGIConfiguration(log: log.sink)
        configure(&configuration)
        return CGIApplication(module: try CGIGuest.module(named: "stream", source: Self.guestSource),
                              configuration: configuration)
    }

    func testTinyResponseComesWholeWithContentLength() throws {
        let sink = RecordingSink()
        try application().handle(CGIRequest(method: "GET", uri: "/?tiny"), streamingTo: sink)
        XCTAssertEqual(sink.events, [
            .head(200, ["Content-Type: text/plain", "X-Piece: one", "Content-Length: 6"]),
            .body("hello\n"),
            .end(nil),
        ])
    }

    /// The guest waits for the host's answer to each piece; the answer is only given once the sink has the
    /// piece, so the exchange completes only if pieces are passed on while the guest runs.
    func testPiecesReachTheSinkWhileTheGuestRuns() throws {
        let sink = RecordingSink()
        let answers = HandshakeReader(sink: sink, expecting: ["piece 1\n", "piece 2\n", "piece 3\n"])
        let started = ContinuousClock.now
        try application().handle(CGIRequest(method: "POST", uri: "/?handshake", bodyReader: answers), streamingTo: sink)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(4), "a handshake timed out")
        XCTAssertEqual(sink.head?.status, 200)
        XCTAssertNil(sink.head?.headers.first { $0.hasPrefix("Content-Length") }, "the length was not known")
        XCTAssertEqual(sink.bodyText, "piece 1\ngot answer 1\npiece 2\ngot answer 2\npiece 3\ngot answer 3\n")
        XCTAssertEqual(sink.events.last, .end(nil))
    }

    /// Pieces written 300 ms apart arrive about 300 ms apart, the first long before the guest ends.
    func testSlowGuestIsStreamedAsItWrites() throws {
        let sink = RecordingSink()
        try application().handle(CGIRequest(method: "GET", uri: "/?slow"), streamingTo: sink)
        let ended = ContinuousClock.now
        XCTAssertEqual(sink.bodyText, "tick\ntick\ntick\n")
        let bodies = sink.timedEvents.filter { if case .body = $0.event { true } else { false } }
        guard bodies.count == 3 else { return XCTFail("expected 3 pieces: \(sink.events)") }
        XCTAssertGreaterThan(ended - bodies[0].time, .milliseconds(600), "the first piece came at the end")
        XCTAssertGreaterThan(bodies[2].time - bodies[1].time, .milliseconds(150))
    }

    /// 100 writes of 1000 bytes, passed on in pieces of at least the buffering size (16 KiB), not 100 chunks.
    func testSmallWritesAreCoalesced() throws {
        let sink = RecordingSink()
        try application().handle(CGIRequest(method: "GET", uri: "/?large"), streamingTo: sink)
        let sizes = sink.bodySizes
        XCTAssertEqual(sizes.reduce(0, +), 100_000)
        XCTAssertLessThanOrEqual(sizes.count, 7, "\(sizes)")
        XCTAssertTrue(sizes.dropLast().allSatisfy { $0 >= 16 * 1024 }, "\(sizes)")
        var expected: [UInt8] = []
        for i in 0..<100 { expected += [UInt8](repeating: UInt8(ascii: "a") + UInt8(i % 26), count: 1000) }
        XCTAssertEqual(sink.bodyBytes, expected)
    }

    func testTrapBeforeAnythingWasSentIsAClean500() throws {
        let log = LogRecorder()
        let sink = RecordingSink()
        try application(log).handle(CGIRequest(method: "GET", uri: "/?trap-before"), streamingTo: sink)
        XCTAssertEqual(sink.events, [
            .head(500, ["Content-Type: text/plain; charset=utf-8", "Content-Length: 26"]),
            .body("500 Internal Server Error\n"),
            .end(nil),
        ])
        XCTAssertTrue(log.text.contains("trapped: wasm trap: unreachable"), log.text)
        XCTAssertFalse(log.text.contains("cut off"), log.text)
    }

    func testTrapAfterTheHeadBreaksTheStreamOff() throws {
        let log = LogRecorder()
        let sink = RecordingSink()
        let application = try application(log)
        application.handle(CGIRequest(method: "GET", uri: "/?trap-after"), streamingTo: sink)
        XCTAssertEqual(sink.events.count, 3, "\(sink.events)")
        XCTAssertEqual(sink.events.first, .head(200, ["Content-Type: text/plain"]))
        XCTAssertEqual(sink.events.dropFirst().first, .body("first part\n"))
        guard case .end(.trapped(let trap))? = sink.events.last else {
            return XCTFail("expected a trapped end: \(sink.events)")
        }
        XCTAssertTrue(trap.contains("unreachable"), trap)
        XCTAssertTrue(log.text.contains("cgi: /var/www/index.php (GET /?trap-after): trapped: wasm trap: unreachable"),
                      log.text)
        XCTAssertTrue(log.text.contains("the response was already being sent and is cut off"), log.text)

        // The buffered API still turns the same failure into a clean 500.
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?trap-after")).status, 500)
        let next = RecordingSink()
        application.handle(CGIRequest(method: "GET", uri: "/?x"), streamingTo: next)
        XCTAssertEqual(next.bodyText, "query=x\n")
    }

    func testTimeoutAfterTheHeadEndsWithTimedOut() throws {
        let log = LogRecorder()
        let sink = RecordingSink()
        try application(log) { $0.limits.timeout = .seconds(1) }
            .handle(CGIRequest(method: "GET", uri: "/?spin-after"), streamingTo: sink)
        XCTAssertEqual(sink.events, [.head(200, ["Content-Type: text/plain"]), .body("first part\n"), .end(.timedOut)])
        XCTAssertTrue(log.text.contains("timed out after 1.0 seconds; the response was already being sent"), log.text)
    }

    func testOutputCapAfterTheHeadEndsWithResponseTooLarge() throws {
        let sink = RecordingSink()
        try application { $0.limits.outputBytes = 50_000 }
            .handle(CGIRequest(method: "GET", uri: "/?large"), streamingTo: sink)
        XCTAssertEqual(sink.events.last, .end(.responseTooLarge(limit: 50_000)))
        XCTAssertLessThanOrEqual(sink.bodySizes.reduce(0, +), 50_000)
    }

    func testMalformedHeaderIsA502AndLocalRedirectIsFollowed() throws {
        let sink = RecordingSink()
        let application = try application()
        application.handle(CGIRequest(method: "GET", uri: "/?garbage"), streamingTo: sink)
        XCTAssertEqual(sink.events.first, .head(502, ["Content-Type: text/plain; charset=utf-8", "Content-Length: 16"]))

        let redirected = RecordingSink()
        application.handle(CGIRequest(method: "GET", uri: "/?local"), streamingTo: redirected)
        XCTAssertEqual(redirected.events, [
            .head(200, ["Content-Type: text/plain", "Content-Length: 17"]), .body("query=from=local\n"), .end(nil),
        ])
    }

    func testHeadRequestStreamsNoBody() throws {
        let sink = RecordingSink()
        try application().handle(CGIRequest(method: "HEAD", uri: "/?tiny"), streamingTo: sink)
        XCTAssertEqual(sink.events, [.head(200, ["Content-Type: text/plain", "X-Piece: one"]), .end(nil)])
    }

    /// A request body handed over in pieces by a reader; CONTENT_LENGTH comes from the header.
    func testStreamedRequestBody() throws {
        let reader = PiecesReader(["first ", "second ", "third"])
        let sink = RecordingSink()
        try application().handle(CGIRequest(method: "POST", uri: "/?echo", headers: [("Content-Length", "18")],
                                            bodyReader: reader), streamingTo: sink)
        XCTAssertEqual(sink.bodyText, "length=18\nfirst second third")

        // Without a Content-Length the length is unknown and not made up.
        let unknown = try application().handle(CGIRequest(method: "POST", uri: "/?echo",
                                                          bodyReader: PiecesReader(["abc"])))
        XCTAssertEqual(unknown.text, "length=(unset)\nabc")
    }
}

/// Records what a streamed response delivered, and when.
final class RecordingSink: CGIResponseSink {
    enum Event: Equatable {
        case head(Int, [String])
        case body(String)
        case end(CGIStreamError?)
    }

    private let recorded = Mutex<[(event: Event, time: ContinuousClock.Instant, bytes: [UInt8])]>([])
    /// Called with each body piece, after it was recorded.
    let onBody = Mutex<(@Sendable (String) -> Void)?>(nil)

    var timedEvents: [(event: Event, time: ContinuousClock.Instant)] {
        recorded.withLock { $0.map { ($0.event, $0.time) } }
    }
    var events: [Event] { recorded.withLock { $0.map(\.event) } }
    var head: (status: Int, headers: [String])? {
        for event in events { if case .head(let status, let headers) = event { return (status, headers) } }
        return nil
    }
    var bodyBytes: [UInt8] { recorded.withLock { $0.flatMap(\.bytes) } }
    var bodyText: String { String(decoding: bodyBytes, as: UTF8.self) }
    var bodySizes: [Int] { recorded.withLock { $0.compactMap { $0.bytes.isEmpty ? nil : $0.bytes.count } } }

    func head(status: Int, headers: [(name: String, value: String)]) {
        recorded.withLock { $0.append((.head(status, headers.map { "\($0.name): \($0.value)" }), .now, [])) }
    }

    func body(_ chunk: [UInt8]) {
        let text = String(decoding: chunk, as: UTF8.self)
        recorded.withLock { $0.append((.body(text), .now, chunk)) }
        onBody.withLock { $0 }?(text)
    }

    func end(error: CGIStreamError?) {
        recorded.withLock { $0.append((.end(error), .now, [])) }
    }
}

/// The guest's stdin for the handshake: the n-th read waits (at most 3 s) until the sink has received the
/// n-th expected piece, then answers "answer n".
final class HandshakeReader: WASIStreamReader {
    private let seen = Mutex<[String]>([])
    private let arrived = DispatchSemaphore(value: 0)
    private let expected: [String]
    private let answered = Mutex(0)

    init(sink: RecordingSink, expecting expected: [String]) {
        self.expected = expected
        sink.onBody.withLock {
            $0 = { [self] text in
                seen.withLock { $0.append(text) }
                arrived.signal()
            }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let index = answered.withLock { count in
            count += 1
            return count
        }
        guard index <= expected.count else { return 0 }
        let deadline = DispatchTime.now() + .seconds(3)
        while !seen.withLock({ $0.joined() }).hasSuffix(expected[index - 1]) {
            guard arrived.wait(timeout: deadline) == .success else { return 0 }
        }
        let answer = Array("answer \(index)\n".utf8)
        buffer.copyMemory(from: UnsafeRawBufferPointer(start: answer, count: answer.count))
        return answer.count
    }
}

/// Hands out fixed pieces, one per read (never more than the guest's buffer), then the end.
final class PiecesReader: WASIStreamReader {
    private let remaining: Mutex<[[UInt8]]>

    init(_ pieces: [String]) {
        remaining = Mutex(pieces.map { Array($0.utf8) })
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        remaining.withLock { pieces in
            guard var piece = pieces.first else { return 0 }
            let count = min(piece.count, buffer.count)
            piece.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            piece.removeFirst(count)
            if piece.isEmpty { pieces.removeFirst() } else { pieces[0] = piece }
            return count
        }
    }
}
