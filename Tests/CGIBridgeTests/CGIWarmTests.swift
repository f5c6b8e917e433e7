import CGIBridge
import Foundation
import Synchronization
import WASI
import WasmVM
import XCTest

/// Warm mode with a small C reactor: start-up runs once, every request is restored from the snapshot, sees its
/// own CGI variables and body, none of another request's memory, and fails like a cold request would.
final class CGIWarmTests: XCTestCase {
    static let guestSource = #"""
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include <unistd.h>
    #include <wasi/libc-environ.h>

    static char greeting[64];          /* from the static environment, at start-up */
    static char *startup_note;         /* heap memory allocated at start-up */
    static int requests_seen;          /* must be 0 at every restore */
    static char last_body[64];         /* what the previous request (in this memory) was sent */

    static void put(const char *text) { write(1, text, strlen(text)); }

    __attribute__((export_name("wasmvm_init"))) int wasmvm_init(void) {
        const char *value = getenv("GREETING");
        if (value && strcmp(value, "fail") == 0) { fputs("refusing to start\n", stderr); return 7; }
        if (value && strcmp(value, "noisy") == 0) fputs("starting noisily\n", stderr);
        snprintf(greeting, sizeof greeting, "%s", value ? value : "(none)");
        startup_note = strdup("made at start-up");
        /* The request variables did not exist at start-up: forget the environment read so far. */
        __wasilibc_deinitialize_environ();
        return 0;
    }

    __attribute__((export_name("wasmvm_handle"))) int wasmvm_handle(void) {
        __wasilibc_deinitialize_environ();
        const char *query = getenv("QUERY_STRING");
        if (!query) query = "";
        if (strcmp(query, "loop") == 0) { for (volatile unsigned i = 0;; i++) {} }
        if (strcmp(query, "trap") == 0) __builtin_trap();
        if (strcmp(query, "exit") == 0) exit(3);
        requests_seen++;
        char body[64] = {0};
        ssize_t n = read(0, body, sizeof body - 1);
        if (n < 0) n = 0;
        body[n] = 0;
        char text[512];
        snprintf(text, sizeof text,
                 "Content-Type: text/plain\r\nX-Method: %s\r\n\r\n"
                 "greeting=%s note=%s seen=%d previous=%s query=%s body=%s\n",
                 getenv("REQUEST_METHOD"), greeting, startup_note, requests_seen,
                 last_body[0] ? last_body : "(none)", query, body);
        put(text);
        snprintf(last_body, sizeof last_body, "%s", body);
        strcpy(startup_note, "overwritten");
        return 0;
    }
    """#

    static func module() throws -> Module {
        try CGIGuest.module(named: "warm_reactor", source: guestSource, flags: ["-mexec-model=reactor"])
    }

    func configuration(_ log: LogRecorder, greeting: String = "hello") -> CGIConfiguration {
        CGIConfiguration(environment: [("GREETING", greeting)], log: log.sink)
    }

    func testRequestsRestoredFromOneSnapshotAreIndependent() throws {
        let log = LogRecorder()
        let application = try CGIApplication.warm(module: Self.module(), configuration: configuration(log))
        XCTAssertNotNil(application.snapshot)

        let first = application.handle(CGIRequest(method: "POST", uri: "/?one", body: Array("first body".utf8)))
        XCTAssertEqual(first.status, 200, log.text)
        XCTAssertEqual(first.header("X-Method"), "POST")
        XCTAssertEqual(first.text,
                       "greeting=hello note=made at start-up seen=1 previous=(none) query=one body=first body\n")

        let second = application.handle(CGIRequest(method: "GET", uri: "/?two"))
        XCTAssertEqual(second.header("X-Method"), "GET")
        XCTAssertEqual(second.text, "greeting=hello note=made at start-up seen=1 previous=(none) query=two body=\n",
                       "the first request's writes to globals and the heap are not visible")
    }

    func testConcurrentWarmRequests() throws {
        let application = try CGIApplication.warm(module: Self.module(), configuration: configuration(LogRecorder()))
        let texts = Mutex<[Int: String]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let response = application.handle(CGIRequest(method: "POST", uri: "/?n\(index)", body: Array("b\(index)".utf8)))
            texts.withLock { $0[index] = response.text }
        }
        for index in 0..<8 {
            XCTAssertEqual(texts.withLock { $0[index] },
                           "greeting=hello note=made at start-up seen=1 previous=(none) query=n\(index) body=b\(index)\n")
        }
    }

    /// The snapshot can be stored and used again (here: by a second application, as after a restart).
    func testStoredSnapshotServesAnotherApplication() throws {
        let log = LogRecorder()
        let module = try Self.module()
        let snapshot = try XCTUnwrap(CGIApplication.warm(module: module, configuration: configuration(log)).snapshot)
        let restarted = try CGIApplication(module: module, snapshot: Snapshot(bytes: snapshot.bytes),
                                           configuration: configuration(log))
        XCTAssertEqual(restarted.handle(CGIRequest(method: "GET", uri: "/?again")).text,
                       "greeting=hello note=made at start-up seen=1 previous=(none) query=again body=\n")
        XCTAssertNil(CGIApplication(module: module, configuration: configuration(log)).snapshot)
    }

    func testLimitsAndFailuresMapLikeCold() throws {
        let log = LogRecorder()
        var configuration = configuration(log)
        configuration.limits.timeout = .milliseconds(300)
        let application = try CGIApplication.warm(module: Self.module(), configuration: configuration)
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?loop")).status, 504)
        XCTAssertTrue(log.text.contains("timed out"), log.text)
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?trap")).status, 500)
        XCTAssertTrue(log.text.contains("trapped: wasm trap: unreachable"), log.text)
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?exit")).status, 500)
        XCTAssertTrue(log.text.contains("exited with status 3 before writing a response header"), log.text)
        let next = application.handle(CGIRequest(method: "GET", uri: "/?after"))
        XCTAssertEqual(next.status, 200, log.text)
        XCTAssertTrue(next.text.contains("seen=1 previous=(none) query=after"), next.text)

        configuration.limits.timeout = nil
        configuration.limits.fuel = 1_000_000
        let fueled = try CGIApplication.warm(module: Self.module(), configuration: configuration)
        XCTAssertEqual(fueled.handle(CGIRequest(method: "GET", uri: "/?loop")).status, 503)
        XCTAssertEqual(fueled.handle(CGIRequest(method: "GET", uri: "/?x")).status, 200)
    }

    func testWarmStreaming() throws {
        let application = try CGIApplication.warm(module: Self.module(), configuration: configuration(LogRecorder()))
        let sink = RecordingSink()
        application.handle(CGIRequest(method: "GET", uri: "/?s"), streamingTo: sink)
        XCTAssertEqual(sink.events, [
            .head(200, ["Content-Type: text/plain", "X-Method: GET", "Content-Length: 74"]),
            .body("greeting=hello note=made at start-up seen=1 previous=(none) query=s body=\n"),
            .end(nil),
        ])
    }

    func testStartUpFailuresAreTypedErrors() throws {
        let log = LogRecorder()
        XCTAssertThrowsError(try CGIApplication.warm(module: Self.module(), configuration: configuration(log, greeting: "fail"))) {
            guard case CGIWarmStartError.initializationFailed(let status, let output) = $0 else {
                return XCTFail("\($0)")
            }
            XCTAssertEqual(status, 7)
            XCTAssertEqual(output, "refusing to start\n")
        }
        XCTAssertThrowsError(try CGIApplication.warm(module: Self.module(), configuration: configuration(log),
                                                     handle: "no_such_export")) {
            guard case CGIWarmStartError.missingExport("no_such_export") = $0 else { return XCTFail("\($0)") }
        }
        // A successful start-up's output goes to the log.
        _ = try CGIApplication.warm(module: Self.module(), configuration: configuration(log, greeting: "noisy"))
        XCTAssertTrue(log.all.contains("cgi: start-up: starting noisily"), log.text)
        // A cold command module has no entry points for warm mode.
        XCTAssertThrowsError(try CGIApplication.warm(module: CGIGuest.module("env_echo"), configuration: configuration(log))) {
            guard case CGIWarmStartError.missingExport("wasmvm_init") = $0 else { return XCTFail("\($0)") }
        }
        // A snapshot of another module is rejected before anything is restored.
        let snapshot = try XCTUnwrap(CGIApplication.warm(module: Self.module(), configuration: configuration(log)).snapshot)
        let other = try CGIGuest.module(named: "warm_reactor_other", source: Self.guestSource + "\nint unused_marker;\n"
                                        + "__attribute__((export_name(\"marker\"))) int marker(void) { return 1; }\n",
                                        flags: ["-mexec-model=reactor"])
        XCTAssertThrowsError(try CGIApplication(module: other, snapshot: snapshot, configuration: configuration(log))) {
            guard case CGIWarmStartError.snapshot(.moduleMismatch) = $0 else { return XCTFail("\($0)") }
        }
    }
}
