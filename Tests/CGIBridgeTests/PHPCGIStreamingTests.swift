import CGIBridge
import Foundation
import Synchronization
import WASI
import XCTest

/// php-cgi.wasm through `handle(_:streamingTo:)`: PHP's output reaches the sink while the script runs, and a
/// request body is read from a reader while PHP parses it.
final class PHPCGIStreamingTests: XCTestCase {
    static let scripts: [String: String] = [
        "progress.php": #"""
        <?php
        header('X-Progress: yes');
        echo "start\n";
        flush();  // php-cgi writes through stdio: without flush() the piece waits in its buffer
        $t = microtime(true);
        while (microtime(true) - $t < 0.5) {}
        echo "end\n";
        """#,
        "small.php": "<?php echo 'hi';",
        "fatal-late.php": #"""
        <?php
        echo "partial\n";
        flush();
        $t = microtime(true);
        while (microtime(true) - $t < 0.3) {}
        undefined_function_xyz();
        """#,
        "upload.php": #"""
        <?php
        $file = $_FILES['blob'];
        move_uploaded_file($file['tmp_name'], '/data/blob.bin');
        $stored = file_get_contents('/data/blob.bin');
        echo $file['size'], ' ', bin2hex(substr($stored, 0, 4)), ' ', bin2hex(substr($stored, -4)), ' ', $_POST['note'];
        """#,
    ]

    func testOutputArrivesWhileTheScriptRuns() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let sink = RecordingSink()
        try site.application().handle(PHPSite.request("GET", "progress.php"), streamingTo: sink)
        let ended = ContinuousClock.now
        XCTAssertEqual(sink.bodyText, "start\nend\n", site.log.text)
        XCTAssertEqual(sink.head?.status, 200)
        XCTAssertTrue(sink.head?.headers.contains("X-Progress: yes") ?? false, "\(sink.events)")
        XCTAssertFalse(sink.head?.headers.contains { $0.hasPrefix("Content-Length") } ?? true, "\(sink.events)")
        let firstBody = try XCTUnwrap(sink.timedEvents.first { if case .body = $0.event { true } else { false } })
        XCTAssertEqual(firstBody.event, .body("start\n"))
        XCTAssertGreaterThan(ended - firstBody.time, .milliseconds(350), "the first piece waited for the end")
        XCTAssertEqual(sink.events.last, .end(nil))
    }

    /// A small page is not chopped: one head, one body piece, the end.
    func testSmallResponseComesInOnePiece() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let sink = RecordingSink()
        try site.application().handle(PHPSite.request("GET", "small.php"), streamingTo: sink)
        XCTAssertEqual(sink.events.count, 3, "\(sink.events)")
        XCTAssertEqual(sink.head?.headers.prefix(2), ["X-Powered-By: PHP/8.2.32", "Content-type: text/html; charset=UTF-8"])
        XCTAssertEqual(sink.events.dropFirst().first, .body("hi"))
        XCTAssertEqual(sink.events.last, .end(nil))
    }

    /// A fatal error after the head: php-cgi exits non-zero but the response it wrote is complete as far as
    /// PHP is concerned, so the stream ends normally; the log has the error and the exit.
    func testFatalErrorAfterStreamedOutput() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let sink = RecordingSink()
        try site.application().handle(PHPSite.request("GET", "fatal-late.php"), streamingTo: sink)
        XCTAssertEqual(sink.head?.status, 200)
        XCTAssertEqual(sink.bodyText, "partial\n")
        XCTAssertEqual(sink.events.last, .end(nil))
        XCTAssertTrue(site.log.text.contains("PHP Fatal error:  Uncaught Error: Call to undefined function"), site.log.text)
        XCTAssertTrue(site.log.text.contains("exited with status 1 after writing its response header"), site.log.text)
    }

    /// A 300 KB multipart upload handed to PHP in 4000-byte pieces by a reader.
    func testStreamedMultipartUpload() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let content = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        let boundary = "streamed-boundary-42"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nstreamed\r\n".utf8)
        body += Array(("--\(boundary)\r\nContent-Disposition: form-data; name=\"blob\"; filename=\"b.bin\"\r\n"
                       + "Content-Type: application/octet-stream\r\n\r\n").utf8)
        body += content
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        let reader = ChunkedBytesReader(body, pieceSize: 4000)
        let request = CGIRequest(
            method: "POST", uri: "/upload.php",
            headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Content-Length", "\(body.count)")],
            bodyReader: reader, scriptFilename: "/var/www/upload.php", scriptName: "/upload.php")
        let response = try site.application().handle(request)
        XCTAssertEqual(response.status, 200, site.log.text)
        func hex(_ bytes: ArraySlice<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        XCTAssertEqual(response.text, "300000 \(hex(content.prefix(4))) \(hex(content.suffix(4))) streamed")
        XCTAssertEqual(Array(try Data(contentsOf: site.data.appendingPathComponent("blob.bin"))), content)
        XCTAssertGreaterThan(reader.reads, 10, "the body was read in pieces")
    }
}

/// Hands out `bytes` at most `pieceSize` at a time, counting the reads.
final class ChunkedBytesReader: WASIStreamReader {
    private let state: Mutex<(offset: Int, reads: Int)>
    private let bytes: [UInt8]
    private let pieceSize: Int

    init(_ bytes: [UInt8], pieceSize: Int) {
        self.bytes = bytes
        self.pieceSize = pieceSize
        state = Mutex((0, 0))
    }

    var reads: Int { state.withLock { $0.reads } }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        state.withLock { state in
            state.reads += 1
            let count = min(pieceSize, buffer.count, bytes.count - state.offset)
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[state.offset..<state.offset + count]))
            }
            state.offset += count
            return count
        }
    }
}
