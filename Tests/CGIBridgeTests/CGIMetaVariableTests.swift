import CGIBridge
import XCTest

/// The exact environment a guest sees for typical requests (env_echo reports it in order).
final class CGIMetaVariableTests: XCTestCase {
    let commonVariables = [
        "GATEWAY_INTERFACE=CGI/1.1",
        "SERVER_SOFTWARE=WasmVM",
        "SERVER_NAME=example.com",
        "SERVER_PORT=8080",
        "SERVER_PROTOCOL=HTTP/1.1",
    ]

    func testGetWithQueryArray() throws {
        let application = try CGIGuest.application("env_echo")
        let response = application.handle(CGIRequest(
            method: "GET", uri: "/index.php?a[]=1&a[]=2",
            headers: [("Host", "example.com"), ("User-Agent", "test/1.0"), ("Accept", "*/*")],
            remoteAddress: "192.0.2.7", remotePort: 51234, serverName: "example.com", serverPort: 8080))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("content-type"), "text/plain")
        let expected = commonVariables + [
            "REQUEST_METHOD=GET",
            "REQUEST_URI=/index.php?a[]=1&a[]=2",
            "QUERY_STRING=a[]=1&a[]=2",
            "DOCUMENT_ROOT=/var/www",
            "SCRIPT_FILENAME=/var/www/index.php",
            "SCRIPT_NAME=/index.php",
            "REMOTE_ADDR=192.0.2.7",
            "REMOTE_PORT=51234",
            "REQUEST_SCHEME=http",
            "REDIRECT_STATUS=200",
            "HTTP_HOST=example.com",
            "HTTP_USER_AGENT=test/1.0",
            "HTTP_ACCEPT=*/*",
        ]
        XCTAssertEqual(response.reportedEnvironment, expected)
        XCTAssertEqual(response.text, expected.map { $0 + "\n" }.joined() + "stdin:")
    }

    func testPercentEncodedQueryIsPassedAsReceived() throws {
        let application = try CGIGuest.application("env_echo")
        let response = application.handle(CGIRequest(method: "GET", uri: "/index.php?a%5B%5D=1&a%5B%5D=2&q=x%20y"))
        XCTAssertTrue(response.reportedEnvironment.contains("QUERY_STRING=a%5B%5D=1&a%5B%5D=2&q=x%20y"))
        XCTAssertTrue(response.reportedEnvironment.contains("REQUEST_URI=/index.php?a%5B%5D=1&a%5B%5D=2&q=x%20y"))
    }

    func testPostURLEncodedOverHTTPSWithPathInfo() throws {
        let application = try CGIGuest.application("env_echo")
        let body = Array("name=J%C3%B6rg&tags%5B%5D=a&tags%5B%5D=b".utf8)
        let response = application.handle(CGIRequest(
            method: "POST", uri: "/index.php/node/1?x=1",
            headers: [("Host", "example.com"), ("Content-Type", "application/x-www-form-urlencoded"),
                      ("Content-Length", String(body.count))],
            body: body, remoteAddress: "2001:db8::1", remotePort: 443, serverName: "example.com", serverPort: 8080,
            https: true, pathInfo: "/node/1"))
        XCTAssertEqual(response.status, 200)
        let expected = commonVariables + [
            "REQUEST_METHOD=POST",
            "REQUEST_URI=/index.php/node/1?x=1",
            "QUERY_STRING=x=1",
            "DOCUMENT_ROOT=/var/www",
            "SCRIPT_FILENAME=/var/www/index.php",
            "SCRIPT_NAME=/index.php",
            "REMOTE_ADDR=2001:db8::1",
            "REMOTE_PORT=443",
            "REQUEST_SCHEME=https",
            "REDIRECT_STATUS=200",
            "PATH_INFO=/node/1",
            "PATH_TRANSLATED=/var/www/node/1",
            "HTTPS=on",
            "CONTENT_TYPE=application/x-www-form-urlencoded",
            "CONTENT_LENGTH=\(body.count)",
            "HTTP_HOST=example.com",
        ]
        XCTAssertEqual(response.reportedEnvironment, expected)
        XCTAssertTrue(response.text.hasSuffix("stdin:name=J%C3%B6rg&tags%5B%5D=a&tags%5B%5D=b"), response.text)
    }

    func testHeadDropsTheBodyButKeepsTheHeaders() throws {
        let application = try CGIGuest.application("env_echo")
        let response = application.handle(CGIRequest(
            method: "HEAD", uri: "/index.php", headers: [("Host", "example.com")],
            serverName: "example.com", serverPort: 8080))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("X-Method"), "HEAD")
        XCTAssertEqual(response.body, [])
        XCTAssertEqual(response.reportedEnvironment, commonVariables + [
            "REQUEST_METHOD=HEAD",
            "REQUEST_URI=/index.php",
            "QUERY_STRING=",
            "DOCUMENT_ROOT=/var/www",
            "SCRIPT_FILENAME=/var/www/index.php",
            "SCRIPT_NAME=/index.php",
            "REMOTE_ADDR=127.0.0.1",
            "REMOTE_PORT=0",
            "REQUEST_SCHEME=http",
            "REDIRECT_STATUS=200",
            "HTTP_HOST=example.com",
        ])
    }

    func testHeaderMapping() throws {
        let application = try CGIGuest.application("env_echo")
        let response = application.handle(CGIRequest(
            method: "GET", uri: "/",
            headers: [("x-forwarded-for", "10.0.0.1"), ("Proxy", "http://evil.example:8080"),
                      ("X_Forwarded_For", "6.6.6.6"), ("Accept", "text/html"), ("Cookie", "a=1"),
                      ("Accept", "application/json"), ("Cookie", "b=2"), ("Authorization", "Basic dTpw"),
                      ("Bad Name", "x"), ("Content-Length", "0")]))
        let variables = response.reportedEnvironment
        XCTAssertTrue(variables.contains("HTTP_X_FORWARDED_FOR=10.0.0.1"), "\(variables)")
        XCTAssertFalse(variables.contains { $0.hasPrefix("HTTP_PROXY") }, "httpoxy: \(variables)")
        XCTAssertFalse(variables.contains("HTTP_X_FORWARDED_FOR=6.6.6.6"), "\(variables)")
        XCTAssertTrue(variables.contains("HTTP_ACCEPT=text/html, application/json"), "\(variables)")
        XCTAssertTrue(variables.contains("HTTP_COOKIE=a=1; b=2"), "\(variables)")
        XCTAssertTrue(variables.contains("HTTP_AUTHORIZATION=Basic dTpw"), "\(variables)")
        XCTAssertTrue(variables.contains("CONTENT_LENGTH=0"), "\(variables)")
        XCTAssertFalse(variables.contains { $0.hasPrefix("HTTP_CONTENT_") || $0.hasPrefix("HTTP_BAD") }, "\(variables)")
        XCTAssertEqual(variables.filter { $0.hasPrefix("HTTP_") }.count, 4, "\(variables)")
    }

    func testStaticEnvironmentComesFirstAndRequestVariablesWin() throws {
        let application = try CGIGuest.application("env_echo") {
            $0.environment = [("APP_ENV", "test"), ("REQUEST_METHOD", "FORGED"), ("TZ", "UTC")]
            $0.serverSoftware = "WasmVM-test/1"
        }
        let variables = application.handle(CGIRequest(method: "GET", uri: "/")).reportedEnvironment
        XCTAssertEqual(Array(variables.prefix(2)), ["APP_ENV=test", "TZ=UTC"])
        XCTAssertTrue(variables.contains("REQUEST_METHOD=GET"))
        XCTAssertFalse(variables.contains("REQUEST_METHOD=FORGED"))
        XCTAssertTrue(variables.contains("SERVER_SOFTWARE=WasmVM-test/1"))
    }
}
