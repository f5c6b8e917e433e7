import CGIBridge
import XCTest

/// How the guest's stdout becomes the HTTP response: status, repeated headers, redirects, malformed output.
final class CGIResponseTests: XCTestCase {
    func testStatusAndRepeatedSetCookieInOrder() throws {
        let application = try CGIGuest.application("status_cookies")
        let response = application.handle(CGIRequest(method: "GET", uri: "/missing"))
        XCTAssertEqual(response.status, 404)
        XCTAssertNil(response.header("Status"), "the CGI Status field is not an HTTP header")
        XCTAssertEqual(response.headers.map(\.name), ["Content-Type", "Set-Cookie", "X-Folded", "Set-Cookie", "Set-Cookie"])
        XCTAssertEqual(response.headers(named: "set-cookie"), ["first=1", "second=2; Path=/", "third=3; HttpOnly"])
        XCTAssertEqual(response.header("X-Folded"), "part one part two")
        XCTAssertEqual(response.text, "<h1>Not here</h1>\n")
    }

    func testAbsoluteLocationIsAFoundRedirect() throws {
        let application = try CGIGuest.application("redirect")
        let response = application.handle(CGIRequest(method: "GET", uri: "/redirect?absolute"))
        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(response.header("Location"), "https://example.com/elsewhere")
    }

    func testLocationWithStatusKeepsTheStatus() throws {
        let application = try CGIGuest.application("redirect")
        let response = application.handle(CGIRequest(method: "GET", uri: "/redirect?moved"))
        XCTAssertEqual(response.status, 301)
        XCTAssertEqual(response.header("Location"), "/new-home")
    }

    func testNetworkPathLocationGoesToTheClient() throws {
        let application = try CGIGuest.application("redirect")
        let response = application.handle(CGIRequest(method: "GET", uri: "/redirect?network-path"))
        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(response.header("Location"), "//cdn.example.com/x")
    }

    func testLocalRedirectIsFollowedAsGetWithoutBody() throws {
        let application = try CGIGuest.application("redirect")
        let response = application.handle(CGIRequest(
            method: "POST", uri: "/redirect?local",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "3")],
            body: Array("a=1".utf8), scriptFilename: "/var/www/app.cgi", scriptName: "/app.cgi"))
        XCTAssertEqual(response.status, 200)
        XCTAssertNil(response.header("Location"))
        XCTAssertEqual(response.text,
                       "method=GET uri=/target?from=local query=from=local content_length=(unset) content_type=(unset) stdin=0\n")
    }

    func testLocalRedirectRouting() throws {
        let application = try CGIGuest.application("redirect") {
            $0.routeLocalRedirect = { request in
                var routed = request
                routed.uri = "/routed" + request.uri
                return routed
            }
        }
        let response = application.handle(CGIRequest(method: "GET", uri: "/redirect?local"))
        XCTAssertEqual(response.text,
                       "method=GET uri=/routed/target?from=local query=from=local content_length=(unset) content_type=(unset) stdin=0\n")
    }

    func testLocalRedirectLoopIsBounded() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("redirect", log: log) { $0.maxLocalRedirects = 3 }
        let response = application.handle(CGIRequest(method: "GET", uri: "/redirect?loop"))
        XCTAssertEqual(response.status, 500)
        XCTAssertTrue(log.text.contains("more than 3 local redirects"), log.text)
    }

    func testNoHeaderBlockIsBadGatewayWithStderrLogged() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("no_header", log: log)
        let response = application.handle(CGIRequest(method: "GET", uri: "/"))
        XCTAssertEqual(response.status, 502)
        XCTAssertTrue(log.all.contains { $0.hasSuffix("stderr: first complaint") }, log.text)
        XCTAssertTrue(log.all.contains { $0.hasSuffix("stderr: second complaint") }, log.text)
        XCTAssertTrue(log.text.contains("malformed response"), log.text)
    }

    /// Raw outputs fed through the replay guest (stdout = stdin), covering the parser's edge cases.
    func testParserEdgeCases() throws {
        let application = try CGIGuest.application("replay")
        func respond(_ output: String) -> CGIResponse {
            application.handle(CGIRequest(method: "POST", uri: "/", body: Array(output.utf8)))
        }
        var response = respond("Content-Type: text/plain\n\nbody\n\nwith blank line")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "body\n\nwith blank line")

        response = respond("Status: 201\r\nX-A:   spaced value  \r\n\r\n")
        XCTAssertEqual(response.status, 201)
        XCTAssertEqual(response.header("X-A"), "spaced value")
        XCTAssertEqual(response.body, [])

        response = respond("status: 418 I'm a teapot\nContent-Type: text/plain\n\ntea")
        XCTAssertEqual(response.status, 418)
        XCTAssertEqual(response.text, "tea")

        XCTAssertEqual(respond("Content-Type: text/plain\r\n").status, 502, "no blank line")
        XCTAssertEqual(respond("").status, 502, "no output")
        XCTAssertEqual(respond("\nbody").status, 502, "empty header block")
        XCTAssertEqual(respond("Status: abc\n\n").status, 502, "bad status")
        XCTAssertEqual(respond("Status: 2000 Too long\n\n").status, 502, "bad status")
        XCTAssertEqual(respond("Bad Header: x\n\n").status, 502, "space in a field name")
        XCTAssertEqual(respond("<html>\n\n").status, 502, "no colon")
        XCTAssertEqual(respond("Location: relative/path\n\n").status, 302)
    }

    /// Arbitrary output never crashes the host: it is a response (200-599) or a bad gateway.
    func testRandomOutputAlwaysGivesAResponse() throws {
        let application = try CGIGuest.application("replay")
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("Status: 200 Location: /x\r\n\n:\t ab".utf8) + [0, 0xFF]
        for _ in 0..<200 {
            let length = Int.random(in: 0..<64, using: &generator)
            let output = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let response = application.handle(CGIRequest(method: "POST", uri: "/redirect?x", body: output))
            XCTAssertTrue((100...999).contains(response.status), "\(output)")
        }
    }

    func testOutputLimit() throws {
        let log = LogRecorder()
        let application = try CGIGuest.application("replay", log: log) { $0.limits.outputBytes = 100 }
        let exact = "Content-Type: text/plain\n\n" + String(repeating: "x", count: 100 - 26)
        XCTAssertEqual(application.handle(CGIRequest(method: "POST", uri: "/", body: Array(exact.utf8))).status, 200)
        let response = application.handle(CGIRequest(method: "POST", uri: "/", body: Array((exact + "y").utf8)))
        XCTAssertEqual(response.status, 502)
        XCTAssertTrue(log.text.contains("larger than 100 bytes"), log.text)
    }
}
