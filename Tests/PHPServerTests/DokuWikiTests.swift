import Foundation
import XCTest

/// Debian's DokuWiki 2022-07-31a behind php-server: show a page, edit it through the real edit form, then see the
/// new text, the new revision in the page history, and the files DokuWiki wrote on the host.
final class DokuWikiTests: PHPServerTestCase {
    static let version = "0.0.20220731.a-2"

    /// A run directory with a writable copy of Debian's /etc/dokuwiki (plus our local.php) and
    /// /var/lib/dokuwiki/data; the code stays read-only in the fetched package. See Fixtures/dokuwiki.conf.
    private func startDokuWiki() throws -> (PHPServerProcess, URL) {
        let package = try TestPaths.application("dokuwiki", version: Self.version)
        let run = try TestPaths.makeRunDirectory("dokuwiki")
        self.run = run
        let manager = FileManager.default
        try manager.copyItem(at: TestPaths.fixtures.appendingPathComponent("dokuwiki.conf"),
                             to: run.appendingPathComponent("dokuwiki.conf"))
        try manager.createSymbolicLink(at: run.appendingPathComponent("dokuwiki-package"), withDestinationURL: package)
        try TestPaths.copyWritable(package.appendingPathComponent("etc/dokuwiki"), to: run.appendingPathComponent("conf"))
        try manager.copyItem(at: TestPaths.fixtures.appendingPathComponent("dokuwiki-local.php"),
                             to: run.appendingPathComponent("conf/local.php"))
        let data = run.appendingPathComponent("data")
        try TestPaths.copyWritable(package.appendingPathComponent("var/lib/dokuwiki/data"), to: data)
        try manager.createDirectory(at: run.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        let server = try PHPServerProcess(arguments: ["--config", run.appendingPathComponent("dokuwiki.conf").path],
                                          logDirectory: run)
        self.server = server
        return (server, data)
    }

    func testShowsAPageAndItsAssets() throws {
        let (server, _) = try startDokuWiki()
        let browser = BrowserSession(port: server.port)
        let page = try browser.get("/doku.php?id=wiki:dokuwiki")
        XCTAssertEqual(page.status, 200, server.errorLog)
        XCTAssertEqual(page.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertTrue(page.text.contains("<title>wiki:dokuwiki [WasmVM Wiki]</title>"), page.text)
        XCTAssertTrue(page.text.contains(#"<meta name="generator" content="DokuWiki"/>"#), page.text)
        XCTAssertTrue(page.text.contains(#"<h1 class="sectionedit1" id="dokuwiki">DokuWiki</h1>"#), page.text)
        XCTAssertTrue(page.text.contains(#"<span>WasmVM Wiki</span></a></h1>"#), page.text)  // title from local.php
        XCTAssertTrue(page.text.contains("<bdi>wiki/dokuwiki.txt</bdi>"), page.text)

        // The template's files are served as static files from the read-only package.
        let logo = try browser.get("/lib/tpl/dokuwiki/images/logo.png")
        XCTAssertEqual(logo.status, 200)
        XCTAssertEqual(logo.header("Content-Type"), "image/png")
        let package = try TestPaths.application("dokuwiki", version: Self.version)
        XCTAssertEqual(logo.body, try Data(contentsOf: package.appendingPathComponent(
            "usr/share/dokuwiki/lib/tpl/dokuwiki/images/logo.png")))
        // Configuration and data are not below the document root: a URL naming them reaches the front
        // controller (DokuWiki's index.php, which redirects to the start page), never the files.
        let configuration = try browser.get("/conf/local.php")
        XCTAssertEqual(configuration.status, 302, configuration.text)
        XCTAssertEqual(configuration.header("Location"), "/doku.php?id=start")
        XCTAssertFalse(configuration.text.contains("useacl"), configuration.text)
    }

    func testEditCreatesANewRevision() throws {
        let (server, data) = try startDokuWiki()
        let browser = BrowserSession(port: server.port)
        let pagePath = "/doku.php?id=playground:playground"

        let before = try browser.get(pagePath)
        XCTAssertEqual(before.status, 200, server.errorLog)
        XCTAssertTrue(before.text.contains(#"<h1 class="sectionedit1" id="playground">PlayGround</h1>"#), before.text)

        let editPage = try browser.get(pagePath + "&do=edit")
        XCTAssertEqual(editPage.status, 200, server.errorLog)
        let form = try XCTUnwrap(HTMLScraper.form(containing: #"id="dw__editform""#, in: editPage.text), editPage.text)
        // The packaged page text; DokuWiki sends textarea content with CRLF line ends, as browsers post them.
        XCTAssertEqual(HTMLScraper.textarea(named: "wikitext", in: form), "====== PlayGround ======\r\n")
        let fields = HTMLScraper.inputs(in: form)
        // The hidden state DokuWiki needs back: security token (empty without a login), revision, the page's
        // timestamp (edit-conflict check) and the checksum of the text as it was.
        let hidden = ["sectok", "id", "rev", "date", "prefix", "suffix", "changecheck", "target"]
        for name in hidden { XCTAssertNotNil(fields[name], "edit form lacks \(name): \(form)") }
        XCTAssertEqual(fields["id"], "playground:playground")

        let marker = "sandbox-\(UUID().uuidString.prefix(8))"
        let newText = "====== Edited in the sandbox ======\n\nThis revision was saved by php-cgi.wasm: \(marker).\n"
        var post = hidden.map { ($0, fields[$0] ?? "") }
        post += [("wikitext", newText), ("summary", "edit from PHPServerTests"), ("do[save]", "1")]
        let saved = try browser.post(pagePath + "&do=edit", form: post)
        XCTAssertEqual(saved.status, 302, "save: \(saved.text)\n\(server.errorLog)")
        XCTAssertEqual(saved.header("Location"), "http://127.0.0.1:\(server.port)\(pagePath)")

        let after = try browser.follow(saved, from: pagePath + "&do=edit")
        XCTAssertEqual(after.status, 200, server.errorLog)
        XCTAssertTrue(after.text.contains(#"<h1 class="sectionedit1" id="edited_in_the_sandbox">Edited in the sandbox</h1>"#),
                      after.text)
        XCTAssertTrue(after.text.contains("<p>\nThis revision was saved by php-cgi.wasm: \(marker).\n</p>"), after.text)
        XCTAssertFalse(after.text.contains(">PlayGround</h1>"), after.text)

        // The history: our revision on top, marked current, then the packaged text DokuWiki recorded as an
        // external edit when it first saw the page change.
        let revisions = try browser.get(pagePath + "&do=revisions")
        XCTAssertEqual(revisions.status, 200, server.errorLog)
        let entries = HTMLScraper.matches(of: #"<span class="sum"> – ([^<]*)</span>"#, in: revisions.text).map { $0[1] }
        XCTAssertEqual(entries, ["edit from PHPServerTests", "created - external edit"], revisions.text)
        let current = try XCTUnwrap(HTMLScraper.matches(of: #"<li class=""><div class="li">(.*?)</div></li>"#,
                                                        in: revisions.text).first?[1], revisions.text)
        XCTAssertTrue(current.contains("edit from PHPServerTests") && current.contains("(current)"), current)

        // What DokuWiki wrote through the rw preopen: the page, its change log and the gzipped old revisions.
        let stored = try String(contentsOf: data.appendingPathComponent("pages/playground/playground.txt"), encoding: .utf8)
        XCTAssertEqual(stored, newText)
        let changes = try String(contentsOf: data.appendingPathComponent("meta/playground/playground.changes"),
                                 encoding: .utf8)
        XCTAssertEqual(changes.split(separator: "\n").count, 2, changes)
        XCTAssertTrue(changes.contains("\tE\tplayground:playground\t\tedit from PHPServerTests\t"), changes)
        let attic = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("attic/playground").path)
        XCTAssertEqual(attic.filter { $0.hasPrefix("playground.") && $0.hasSuffix(".txt.gz") }.count, 2, "\(attic)")

        // The old revision is still readable by its timestamp.
        let oldRevision = try XCTUnwrap(HTMLScraper.matches(of: #"name="rev2\[\]" type="checkbox" value="(\d+)""#,
                                                            in: revisions.text).last?[1])
        let old = try browser.get(pagePath + "&rev=" + oldRevision)
        XCTAssertEqual(old.status, 200, server.errorLog)
        XCTAssertTrue(old.text.contains(#"id="playground">PlayGround</h1>"#), old.text)
    }
}
