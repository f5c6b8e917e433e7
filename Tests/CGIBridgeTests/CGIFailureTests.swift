import CGIBridge
import WASI
import XCTest

/// Guests that crash, exit, spin or exhaust memory: every case is a response, and the next request is unaffected.
final class CGIFailureTests: XCTestCase {
    func testTrapBeforeHeaderIs500() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("failure", log: log)
        let response = application.handle(CGIRequest(method: "GET", uri: "/?trap"))
        XCTAssertEqual(response.status, 500)
        XCTAssertTrue(log.text.contains("trapped: wasm trap: unreachable"), log.text)
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?fine")).status, 200)
    }

    func testExitBeforeHeaderIs500() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("failure", log: log)
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?exit")).status, 500)
        XCTAssertTrue(log.text.contains("exited with status 3 before writing a response header"), log.text)
    }

    func testExitAfterHeaderKeepsTheResponse() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("failure", log: log)
        let response = application.handle(CGIRequest(method: "GET", uri: "/?exit-after"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "partial body\n")
        XCTAssertTrue(log.text.contains("exited with status 3 after writing its response header"), log.text)
    }

    func testTrapAfterHeaderIs500BecauseTheBodyIsIncomplete() throws {
        let application = try CGIGuest.application("failure")
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?trap-after")).status, 500)
    }

    func testFuelExhaustionIs503() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("spin", log: log) { $0.limits.fuel = 2_000_000 }
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/")).status, 503)
        XCTAssertTrue(log.text.contains("ran out of fuel"), log.text)
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?quick")).text, "quick\n")
    }

    func testTimeoutIs504() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("spin", log: log) { $0.limits.timeout = .milliseconds(200) }
        let started = ContinuousClock.now
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/")).status, 504)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        XCTAssertTrue(log.text.contains("timed out"), log.text)
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/?quick")).status, 200)
    }

    func testMemoryCapIs500AndTheNextRequestIsFine() throws {
        let log = LogRecorder()
        // 64 pages = 4 MiB: enough for the small request's 1 MiB block, not for the endless allocation.
        let application = try CGIGuest.application("grow", log: log) {
            $0.limits.memoryPages = 64
            $0.limits.timeout = .seconds(60)  // a guest that never hits the cap fails the test instead of hanging
        }
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/")).status, 500)
        XCTAssertTrue(log.text.contains("stderr: malloc failed after"), log.text)
        XCTAssertTrue(log.text.contains("trapped"), log.text)
        let next = application.handle(CGIRequest(method: "GET", uri: "/?small"))
        XCTAssertEqual(next.status, 200)
        XCTAssertEqual(next.text, "allocated 1\n")
    }

    func testMissingPreopenIs500() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("env_echo", log: log) {
            $0.preopens = [WASIPreopen(hostPath: "/nonexistent-\(UUID().uuidString)", guestPath: "/var/www")]
        }
        XCTAssertEqual(application.handle(CGIRequest(method: "GET", uri: "/")).status, 500)
        XCTAssertTrue(log.text.contains("cannot set up WASI"), log.text)
    }
}
