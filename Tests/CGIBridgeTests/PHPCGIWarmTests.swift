import CGIBridge
import Foundation
import WASI
import XCTest

/// php-cgi-warm.wasm: PHP starts once, every request is restored from the snapshot. Skipped until
/// Guests/php/build.sh has produced the warm guest.
final class PHPCGIWarmTests: XCTestCase {
    static let scripts: [String: String] = PHPCGIStateTests.scripts.merging([
        "leak.php": #"""
        <?php
        // What one request leaves in process state (environment, PHP statics) must not reach the next.
        function counter() { static $n = 0; return ++$n; }
        $before = getenv('LEAKED');
        putenv('LEAKED=' . ($_GET['mark'] ?? 'x'));
        header('Content-Type: application/json');
        echo json_encode(['before' => $before, 'counter' => counter(), 'mark' => $_GET['mark'] ?? null,
                          'header' => $_SERVER['HTTP_X_ONLY_FIRST'] ?? null]);
        """#,
        "loop.php": "<?php while (true) {}",
        "tmp.php": #"""
        <?php
        $existed = file_exists('/tmp/note.txt');
        $written = file_put_contents('/tmp/note.txt', $_GET['note'] ?? '');
        $tempnam = tempnam('/tmp', 'php');
        echo json_encode(['existed' => $existed, 'written' => $written, 'tempnam' => dirname($tempnam),
                          'files' => count(scandir('/tmp')) - 2]);
        """#,
        "ok.php": "<?php echo 'fine ', 6 * 7;",
    ]) { first, _ in first }

    func testTwoRequestsFromOneSnapshotSeeTheirOwnRequest() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.warmApplication()
        XCTAssertNotNil(application.snapshot)
        let body = Array("x=1&y%5B%5D=2".utf8)
        let post = application.handle(PHPSite.request(
            "POST", "dump.php", query: "q=first",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "\(body.count)")],
            body: body))
        XCTAssertEqual(post.status, 200, site.log.text)
        XCTAssertEqual(post.text, #"{"get":{"q":"first"},"post":{"x":"1","y":["2"]},"method":"POST","#
                       + #""content_type":"application/x-www-form-urlencoded"}"#)
        let get = application.handle(PHPSite.request("GET", "dump.php", query: "a[]=1&b[x]=y"))
        XCTAssertEqual(get.status, 200, site.log.text)
        XCTAssertEqual(get.text, #"{"get":{"a":["1"],"b":{"x":"y"}},"post":[],"method":"GET","content_type":null}"#)
    }

    func testNothingLeaksFromOneRequestToTheNext() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.warmApplication()
        let first = application.handle(PHPSite.request("GET", "leak.php", query: "mark=one",
                                                       headers: [("X-Only-First", "secret")]))
        XCTAssertEqual(first.text, #"{"before":false,"counter":1,"mark":"one","header":"secret"}"#, site.log.text)
        let second = application.handle(PHPSite.request("GET", "leak.php", query: "mark=two"))
        XCTAssertEqual(second.text, #"{"before":false,"counter":1,"mark":"two","header":null}"#, site.log.text)
    }

    /// The same scripts answered cold and warm: status, headers and body are identical.
    func testWarmResponsesEqualColdResponses() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let cold = try site.application()
        let warm = try site.warmApplication()
        let requests = [
            PHPSite.request("GET", "dump.php", query: "a[]=1&a[]=2&b[x]=y"),
            PHPSite.request("GET", "status.php"),
            PHPSite.request("GET", "redirect.php"),
            PHPSite.request("HEAD", "status.php"),
            PHPSite.request("GET", "missing.php"),
        ]
        for request in requests {
            let expected = cold.handle(request)
            let actual = warm.handle(request)
            XCTAssertEqual(actual.status, expected.status, "\(request.uri)\n\(site.log.text)")
            XCTAssertEqual(actual.headers.map { "\($0.name): \($0.value)" }, expected.headers.map { "\($0.name): \($0.value)" },
                           request.uri)
            XCTAssertEqual(actual.text, expected.text, request.uri)
        }
    }

    /// Sessions and SQLite live in the preopened /data, reopened for every restored instance at the
    /// descriptor numbers the snapshot expects.
    func testSessionAndPDOStateAcrossWarmRequests() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.warmApplication()
        let first = application.handle(PHPSite.request("GET", "session.php", query: "set=warm"))
        let cookie = try XCTUnwrap(first.header("Set-Cookie"), "\(first.headers)\n\(site.log.text)")
        let pair = String(cookie.prefix { $0 != ";" })
        let second = application.handle(PHPSite.request("GET", "session.php", headers: [("Cookie", pair)]))
        XCTAssertEqual(try second.jsonObject()["value"] as? String, "warm")
        XCTAssertEqual(try second.jsonObject()["visits"] as? Int, 2)

        let body = Array("text=stored+warm".utf8)
        let post = application.handle(PHPSite.request(
            "POST", "notes.php",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "\(body.count)")],
            body: body))
        XCTAssertEqual(post.status, 303, site.log.text)
        XCTAssertEqual(application.handle(PHPSite.request("GET", "notes.php")).text, #"[{"id":1,"text":"stored warm"}]"#)
    }

    func testInfiniteLoopIsStoppedAndTheNextWarmRequestIsFine() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.warmApplication(limits: CGILimits(timeout: .seconds(2)))
        let looping = application.handle(PHPSite.request("GET", "loop.php"))
        XCTAssertEqual(looping.status, 504)
        XCTAssertTrue(site.log.text.contains("timed out"), site.log.text)
        let next = application.handle(PHPSite.request("GET", "ok.php"))
        XCTAssertEqual(next.status, 200, site.log.text)
        XCTAssertEqual(next.text, "fine 42")
    }

    func testWarmStreaming() throws {
        let site = try PHPSite(scripts: Self.scripts.merging(PHPCGIStreamingTests.scripts) { first, _ in first })
        let sink = RecordingSink()
        try site.warmApplication().handle(PHPSite.request("GET", "progress.php"), streamingTo: sink)
        let ended = ContinuousClock.now
        XCTAssertEqual(sink.bodyText, "start\nend\n", site.log.text)
        let firstBody = try XCTUnwrap(sink.timedEvents.first { if case .body = $0.event { true } else { false } })
        XCTAssertEqual(firstBody.event, .body("start\n"))
        XCTAssertGreaterThan(ended - firstBody.time, .milliseconds(350), "the first piece waited for the end")
        XCTAssertEqual(sink.events.last, .end(nil))
    }

    /// With a private /tmp, a file one request leaves there is gone for the next, warm and cold; uploads
    /// (upload_tmp_dir=/tmp) still work; the host keeps nothing.
    func testPrivateTemporaryDirectoryPerRequest() throws {
        let site = try PHPSite(scripts: Self.scripts)
        for application in [try site.warmApplication(privateTemporary: true), try site.application(privateTemporary: true)] {
            for note in ["first", "second"] {
                let response = application.handle(PHPSite.request("GET", "tmp.php", query: "note=\(note)"))
                XCTAssertEqual(response.text, #"{"existed":false,"written":\#(note.count),"tempnam":"\/tmp","files":2}"#,
                               site.log.text)
            }
            let boundary = "b0undary"
            let body = Array(("--\(boundary)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"n.txt\"\r\n"
                              + "Content-Type: text/plain\r\n\r\nprivate upload\r\n--\(boundary)--\r\n").utf8)
            let upload = application.handle(PHPSite.request(
                "POST", "upload.php",
                headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Content-Length", "\(body.count)")],
                body: body))
            XCTAssertEqual(try upload.jsonObject()["moved"] as? Bool, true, site.log.text)
            XCTAssertEqual(try String(contentsOf: site.data.appendingPathComponent("n.txt"), encoding: .utf8), "private upload")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.temporary.path), [])
        }
    }

    /// Not an assertion on speed (the machine is shared), but the numbers go to the test log.
    func testWarmIsFasterThanColdForASmallPage() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let cold = try site.application()
        let warm = try site.warmApplication()
        let request = PHPSite.request("GET", "ok.php")
        _ = cold.handle(request)
        _ = warm.handle(request)
        func time(_ application: CGIApplication) -> Duration {
            let start = ContinuousClock.now
            for _ in 0..<5 { XCTAssertEqual(application.handle(request).text, "fine 42") }
            return (ContinuousClock.now - start) / 5
        }
        let coldTime = time(cold), warmTime = time(warm)
        print("PHP ok.php per request: cold \(coldTime), warm \(warmTime)")
        XCTAssertLessThan(warmTime, coldTime)
    }
}
