import CGIBridge
import Foundation
import Synchronization
import WASI
import WasmVM
import XCTest

/// The bridge in front of the real php-cgi.wasm (built by Guests/php/build.sh). Skipped when it is not built.
final class PHPCGITests: XCTestCase {
    static let script = #"""
    <?php
    $do = $_GET['do'] ?? '';
    if ($do === 'redirect') { header('Location: /elsewhere'); exit; }
    if ($do === 'missing') { http_response_code(404); echo "nope"; exit; }
    if ($do === 'fatal') { undefined_function(); }
    setcookie('first', '1');
    setcookie('second', '2');
    header('Content-Type: application/json');
    echo json_encode([
        'get' => $_GET, 'post' => $_POST, 'cookie' => $_COOKIE,
        'method' => $_SERVER['REQUEST_METHOD'], 'uri' => $_SERVER['REQUEST_URI'],
        'script' => $_SERVER['SCRIPT_NAME'], 'self' => $_SERVER['PHP_SELF'],
        'path_info' => $_SERVER['PATH_INFO'] ?? null, 'https' => $_SERVER['HTTPS'] ?? null,
        'host' => $_SERVER['HTTP_HOST'] ?? null,
    ], JSON_UNESCAPED_SLASHES);
    """#

    var root: URL!
    var log = LogRecorder()

    override func setUpWithError() throws {
        guard FileManager.default.fileExists(atPath: CGIGuest.phpCGI.path) else {
            throw XCTSkip("Guests/php/out/php-cgi.wasm is absent; build it with Guests/php/build.sh to run the PHP tests")
        }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cgi-php-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(Self.script.utf8).write(to: root.appendingPathComponent("index.php"))
    }

    override func tearDown() {
        if let root { try? FileManager.default.removeItem(at: root) }
    }

    /// php-cgi with production error handling: errors go to the log (stderr), not into the page, which is what
    /// lets PHP answer 500 for a fatal error.
    func application() throws -> CGIApplication {
        let module = try PHPSite.module()
        let configuration = CGIConfiguration(
            preopens: [WASIPreopen(hostPath: root.path, guestPath: "/var/www", access: .readOnly)],
            arguments: ["php-cgi", "-d", "display_errors=0", "-d", "log_errors=1"], limits: CGILimits(timeout: .seconds(120)), log: log.sink)
        return CGIApplication(module: module, configuration: configuration)
    }

    func json(_ response: CGIResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body))
        return try XCTUnwrap(object as? [String: Any], response.text)
    }

    func testGetWithQueryArrayAndCookies() throws {
        let response = try application().handle(CGIRequest(
            method: "GET", uri: "/index.php?a%5B%5D=1&a%5B%5D=2",
            headers: [("Host", "example.com"), ("Cookie", "session=abc; theme=dark")]))
        XCTAssertEqual(response.status, 200, "\(response.text)\n\(log.text)")
        XCTAssertTrue(response.header("Content-Type")?.hasPrefix("application/json") ?? false)
        XCTAssertEqual(response.headers(named: "Set-Cookie"), ["first=1", "second=2"])
        let result = try json(response)
        XCTAssertEqual(result["get"] as? [String: [String]], ["a": ["1", "2"]])
        XCTAssertEqual(result["cookie"] as? [String: String], ["session": "abc", "theme": "dark"])
        XCTAssertEqual(result["uri"] as? String, "/index.php?a%5B%5D=1&a%5B%5D=2")
        XCTAssertEqual(result["script"] as? String, "/index.php")
        XCTAssertEqual(result["host"] as? String, "example.com")
    }

    func testPostURLEncodedOverHTTPS() throws {
        let body = Array("name=J%C3%B6rg&tags%5B%5D=x&tags%5B%5D=y".utf8)
        let response = try application().handle(CGIRequest(
            method: "POST", uri: "/index.php/node/7",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", String(body.count))],
            body: body, https: true, pathInfo: "/node/7"))
        XCTAssertEqual(response.status, 200, "\(response.text)\n\(log.text)")
        let result = try json(response)
        let post = try XCTUnwrap(result["post"] as? [String: Any])
        XCTAssertEqual(post["name"] as? String, "Jörg")
        XCTAssertEqual(post["tags"] as? [String], ["x", "y"])
        XCTAssertEqual(result["method"] as? String, "POST")
        XCTAssertEqual(result["path_info"] as? String, "/node/7")
        XCTAssertEqual(result["https"] as? String, "on")
    }

    /// One shared module (and its lazily translated code) serving requests on several threads at once.
    func testConcurrentRequests() throws {
        let application = try application()
        let results = Mutex<[Int: [String: [String]]]>([:])
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let response = application.handle(CGIRequest(method: "GET", uri: "/index.php?n[]=\(index)&n[]=x"))
            let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            results.withLock { $0[index] = object?["get"] as? [String: [String]] }
        }
        let gets = results.withLock { $0 }
        for index in 0..<4 { XCTAssertEqual(gets[index], ["n": ["\(index)", "x"]], log.text) }
    }

    func testHeadStatusRedirectAndFatalError() throws {
        let application = try application()
        let head = application.handle(CGIRequest(method: "HEAD", uri: "/index.php"))
        XCTAssertEqual(head.status, 200, log.text)
        XCTAssertEqual(head.body, [])

        let missing = application.handle(CGIRequest(method: "GET", uri: "/index.php?do=missing"))
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.text, "nope")

        // PHP sets "Status: 302" itself for a Location header, so this goes to the client, not internally.
        let redirect = application.handle(CGIRequest(method: "GET", uri: "/index.php?do=redirect"))
        XCTAssertEqual(redirect.status, 302)
        XCTAssertEqual(redirect.header("Location"), "/elsewhere")

        let fatal = application.handle(CGIRequest(method: "GET", uri: "/index.php?do=fatal"))
        XCTAssertEqual(fatal.status, 500, "\(fatal.text)\n\(log.text)")
        XCTAssertTrue(log.text.contains("Call to undefined function undefined_function()"), log.text)

        let after = application.handle(CGIRequest(method: "GET", uri: "/index.php?x=1"))
        XCTAssertEqual(after.status, 200, log.text)
    }
}
