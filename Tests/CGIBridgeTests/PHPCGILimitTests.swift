import CGIBridge
import Foundation
import WASI
import XCTest

/// php-cgi.wasm scripts that misbehave: each becomes a 5xx with a log line, and the next request is served.
final class PHPCGILimitTests: XCTestCase {
    static let scripts: [String: String] = [
        "ok.php": "<?php echo 'fine ', 6 * 7;",
        "loop.php": "<?php echo 'started'; while (true) { $x = ($x ?? 0) + 1; }",
        "bomb.php": #"""
        <?php
        $blocks = [];
        while (true) { $blocks[] = str_repeat(chr(count($blocks) % 256), 1 << 20); }
        """#,
        "fatal.php": "<?php undefined_function_xyz(42);",
        "late-fatal.php": "<?php echo 'before '; flush(); undefined_function_xyz(42);",
    ]

    /// set_time_limit cannot fire in the sandbox (no signals); the host's deadline stops the loop (504).
    func testInfiniteLoopIsStoppedByTheDeadlineAndTheNextRequestIsServed() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.application(limits: CGILimits(timeout: .seconds(3)))
        let started = ContinuousClock.now
        let looping = application.handle(PHPSite.request("GET", "loop.php"))
        XCTAssertEqual(looping.status, 504, looping.text)
        XCTAssertEqual(looping.text, "504 Gateway Timeout\n")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
        XCTAssertTrue(site.log.text.contains("cgi: /var/www/loop.php (GET /loop.php): timed out after 3.0 seconds"),
                      site.log.text)

        let next = application.handle(PHPSite.request("GET", "ok.php"))
        XCTAssertEqual(next.status, 200, site.log.text)
        XCTAssertEqual(next.text, "fine 42")
    }

    func testInfiniteLoopIsStoppedByFuel() throws {
        let site = try PHPSite(scripts: Self.scripts)
        // Enough for PHP to start and answer ok.php many times over, far too little for an endless loop.
        let application = try site.application(limits: CGILimits(fuel: 40_000_000, timeout: .seconds(120)))
        let looping = application.handle(PHPSite.request("GET", "loop.php"))
        XCTAssertEqual(looping.status, 503, looping.text)
        XCTAssertTrue(site.log.text.contains("ran out of fuel (40000000 units)"), site.log.text)
        XCTAssertEqual(application.handle(PHPSite.request("GET", "ok.php")).text, "fine 42")
    }

    /// With PHP's own memory_limit off, the engine's page cap is what stops the script: Zend's allocator
    /// cannot get a chunk, PHP reports the fatal error (logged from stderr) and the request answers 500.
    func testMemoryBombIsStoppedByThePageCap() throws {
        let site = try PHPSite(scripts: Self.scripts)
        // 1024 pages = 64 MiB, the binary itself starts with 167 (its 8 MiB stack and data).
        let application = try site.application(
            extraArguments: ["-d", "memory_limit=-1"], limits: CGILimits(timeout: .seconds(120), memoryPages: 1024))
        let bomb = application.handle(PHPSite.request("GET", "bomb.php"))
        XCTAssertEqual(bomb.status, 500, "\(bomb.text)\n\(site.log.text)")
        XCTAssertTrue(site.log.text.contains("PHP Fatal error:  Out of memory"), site.log.text)

        let next = application.handle(PHPSite.request("GET", "ok.php"))
        XCTAssertEqual(next.status, 200, site.log.text)
        XCTAssertEqual(next.text, "fine 42")
    }

    /// PHP's own memory_limit fires first when it is below the page cap.
    func testMemoryBombIsStoppedByPHPsMemoryLimit() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.application(
            extraArguments: ["-d", "memory_limit=16M"], limits: CGILimits(timeout: .seconds(120), memoryPages: 1024))
        let bomb = application.handle(PHPSite.request("GET", "bomb.php"))
        XCTAssertEqual(bomb.status, 500, "\(bomb.text)\n\(site.log.text)")
        XCTAssertTrue(site.log.text.contains("PHP Fatal error:  Allowed memory size of 16777216 bytes exhausted"),
                      site.log.text)
        XCTAssertEqual(application.handle(PHPSite.request("GET", "ok.php")).text, "fine 42")
    }

    /// A fatal error before any output: PHP answers 500 itself (display_errors=0) and the error is in the log.
    func testFatalErrorIs500WithALogLine() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.application()
        let fatal = application.handle(PHPSite.request("GET", "fatal.php"))
        XCTAssertEqual(fatal.status, 500, "\(fatal.text)\n\(site.log.text)")
        XCTAssertEqual(fatal.text, "")
        XCTAssertTrue(site.log.text.contains(
            "cgi: /var/www/fatal.php: stderr: PHP Fatal error:  Uncaught Error: Call to undefined function "
                + "undefined_function_xyz() in /var/www/fatal.php:1"), site.log.text)
        XCTAssertEqual(application.handle(PHPSite.request("GET", "ok.php")).text, "fine 42")
    }

    /// After output the status line is gone already: the response keeps PHP's 200 and what was written, and
    /// the log has both PHP's error and the bridge's note about the non-zero exit.
    func testFatalErrorAfterOutputKeepsTheSentStatusAndLogs() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.application()
        let fatal = application.handle(PHPSite.request("GET", "late-fatal.php"))
        XCTAssertEqual(fatal.status, 200, site.log.text)
        XCTAssertEqual(fatal.text, "before ")
        XCTAssertTrue(site.log.text.contains("stderr: PHP Fatal error:  Uncaught Error: Call to undefined function"),
                      site.log.text)
        XCTAssertTrue(site.log.text.contains(
            "cgi: /var/www/late-fatal.php (GET /late-fatal.php): exited with status 1 after writing its response header"),
            site.log.text)
    }
}
