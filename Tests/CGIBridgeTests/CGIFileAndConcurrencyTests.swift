import CGIBridge
import Foundation
import Synchronization
import WASI
import XCTest

final class CGIFileAndConcurrencyTests: XCTestCase {
    func testReadsFromAReadOnlyPreopenedDocumentRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cgi-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("hello from the host\n".utf8).write(to: root.appendingPathComponent("page.txt"))

        let application = try CGIGuest.application("read_file") {
            $0.preopens = [WASIPreopen(hostPath: root.path, guestPath: "/var/www", access: .readOnly)]
        }
        let response = application.handle(CGIRequest(
            method: "GET", uri: "/page.txt", scriptFilename: "/var/www/page.txt", scriptName: "/page.txt"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "hello from the host\nwrite: denied\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("written.txt").path))

        let missing = application.handle(CGIRequest(
            method: "GET", uri: "/nope.txt", scriptFilename: "/var/www/nope.txt", scriptName: "/nope.txt"))
        XCTAssertEqual(missing.status, 404)

        let outside = application.handle(CGIRequest(
            method: "GET", uri: "/", scriptFilename: "/etc/passwd", scriptName: "/"))
        XCTAssertEqual(outside.status, 404, "the host's files are not reachable")
    }

    func testConcurrentRequestsAreIndependent() throws {
        let application = try CGIGuest.application("env_echo")
        let count = 16
        let results = Mutex<[Int: String]>([:])
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let response = application.handle(CGIRequest(method: "POST", uri: "/?n=\(index)", body: Array("body \(index)".utf8)))
            results.withLock { $0[index] = response.text }
        }
        let texts = results.withLock { $0 }
        XCTAssertEqual(texts.count, count)
        for index in 0..<count {
            let text = try XCTUnwrap(texts[index])
            XCTAssertTrue(text.contains("QUERY_STRING=n=\(index)\n"), text)
            XCTAssertTrue(text.hasSuffix("stdin:body \(index)"), text)
        }
    }
}
