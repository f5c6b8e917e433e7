import Foundation
import XCTest

/// The bundled guestbook, served by php-server without a configuration: list, post an entry, see it.
final class DemoAppTests: PHPServerTestCase {
    func testPostAnEntryAndSeeIt() throws {
        let run = try TestPaths.makeRunDirectory("demo")
        self.run = run
        let dataDirectory = run.appendingPathComponent("data")
        let server = try PHPServerProcess(arguments: ["--data-dir", dataDirectory.path], logDirectory: run)
        self.server = server
        let browser = BrowserSession(port: server.port)

        let empty = try browser.get("/")
        XCTAssertEqual(empty.status, 200, server.errorLog)
        XCTAssertTrue(empty.text.contains("<h1>Guestbook</h1>"), empty.text)
        XCTAssertTrue(empty.text.contains("served by php-server"), empty.text)
        XCTAssertTrue(empty.text.contains(" · 0 entries</p>"), empty.text)
        XCTAssertTrue(empty.text.contains(#"<p class="empty">No entries yet. Be the first!</p>"#), empty.text)
        let csrf = try XCTUnwrap(HTMLScraper.inputs(in: empty.text)["csrf"], empty.text)
        XCTAssertEqual(csrf.count, 32)
        XCTAssertTrue(browser.cookies.contains { $0.name == "guestbook" }, "no session cookie")

        // A post without the session's token is refused and stores nothing.
        let forged = try BrowserSession(port: server.port).post("/", form: [
            ("csrf", csrf), ("name", "Mallory"), ("message", "forged"),
        ])
        XCTAssertEqual(forged.status, 400)
        XCTAssertTrue(forged.text.contains("Your form expired. Please try again."), forged.text)

        let message = "Hello from PHPServerTests <b>not bold</b>\nsecond line"
        let posted = try browser.post("/", form: [("csrf", csrf), ("name", "Ada"), ("message", message)])
        XCTAssertEqual(posted.status, 303, "post: \(posted.text)\n\(server.errorLog)")
        XCTAssertEqual(posted.header("Location"), "/")

        let listed = try browser.follow(posted, from: "/")
        XCTAssertEqual(listed.status, 200, server.errorLog)
        XCTAssertTrue(listed.text.contains(#"<p class="flash">Thank you for signing the guestbook!</p>"#), listed.text)
        XCTAssertTrue(listed.text.contains(" · 1 entry</p>"), listed.text)
        XCTAssertTrue(listed.text.contains(#"<li id="entry-1">"#), listed.text)
        XCTAssertTrue(listed.text.contains("<strong>Ada</strong>"), listed.text)
        XCTAssertTrue(listed.text.contains(
            #"<p class="message">Hello from PHPServerTests &lt;b&gt;not bold&lt;/b&gt;<br />"# + "\nsecond line</p>"),
            listed.text)
        XCTAssertFalse(listed.text.contains("Mallory"), listed.text)

        // The flash message is shown once; the entry stays, also for another visitor.
        let again = try BrowserSession(port: server.port).get("/")
        XCTAssertFalse(again.text.contains("Thank you for signing"), again.text)
        XCTAssertTrue(again.text.contains("<strong>Ada</strong>"), again.text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("guestbook.sqlite").path))
    }
}
