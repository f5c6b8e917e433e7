import CGIBridge
import Foundation
import WASI
import XCTest

/// php-cgi.wasm through the bridge for what a real application needs beyond one GET: form arrays, file uploads
/// into a preopened temp directory, sessions and SQLite state that outlive a request, statuses, redirects.
final class PHPCGIStateTests: XCTestCase {
    static let scripts: [String: String] = [
        "dump.php": #"""
        <?php
        header('Content-Type: application/json');
        echo json_encode(['get' => $_GET, 'post' => $_POST, 'method' => $_SERVER['REQUEST_METHOD'],
                          'content_type' => $_SERVER['CONTENT_TYPE'] ?? null], JSON_UNESCAPED_SLASHES);
        """#,
        "upload.php": #"""
        <?php
        $file = $_FILES['document'] ?? null;
        if ($file === null) { http_response_code(400); echo json_encode($_FILES); exit; }
        $tmp = $file['tmp_name'];
        $target = '/data/' . basename($file['name']);
        $result = [
            'name' => $file['name'], 'type' => $file['type'], 'size' => $file['size'], 'error' => $file['error'],
            'tmp_dir' => dirname($tmp), 'uploaded' => is_uploaded_file($tmp), 'title' => $_POST['title'] ?? null,
        ];
        $result['moved'] = move_uploaded_file($tmp, $target);
        $result['tmp_left'] = file_exists($tmp);
        $result['target_size'] = filesize($target);
        echo json_encode($result, JSON_UNESCAPED_SLASHES);
        """#,
        "session.php": #"""
        <?php
        session_start();
        if (isset($_GET['set'])) { $_SESSION['value'] = $_GET['set']; }
        $_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
        echo json_encode(['id' => session_id(), 'value' => $_SESSION['value'] ?? null, 'visits' => $_SESSION['visits']]);
        """#,
        "notes.php": #"""
        <?php
        $db = new PDO('sqlite:/data/notes.sqlite');
        $db->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
        $db->exec('CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
        if ($_SERVER['REQUEST_METHOD'] === 'POST') {
            $db->prepare('INSERT INTO notes (text) VALUES (?)')->execute([$_POST['text']]);
            header('Location: /notes.php', true, 303);
            exit;
        }
        header('Content-Type: application/json');
        echo json_encode($db->query('SELECT id, text FROM notes ORDER BY id')->fetchAll(PDO::FETCH_ASSOC));
        """#,
        "status.php": #"""
        <?php
        header('Status: 451 Unavailable For Legal Reasons');
        header('X-Reason: court order');
        echo "gone\n";
        """#,
        "redirect.php": #"""
        <?php
        header('Location: https://example.com/next?x=1', true, 301);
        echo "moved\n";
        """#,
    ]

    func testGetWithUnencodedQueryArrays() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let response = try site.application().handle(PHPSite.request("GET", "dump.php", query: "a[]=1&a[]=2&b[x]=y"))
        XCTAssertEqual(response.status, 200, site.log.text)
        XCTAssertEqual(response.text,
                       #"{"get":{"a":["1","2"],"b":{"x":"y"}},"post":[],"method":"GET","content_type":null}"#)
    }

    func testPostURLEncodedArrays() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let body = Array("a%5B%5D=1&a%5B%5D=2&b%5Bx%5D=y+z&plain=%26%3D".utf8)
        let response = try site.application().handle(PHPSite.request(
            "POST", "dump.php", query: "q=1",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "\(body.count)")],
            body: body))
        XCTAssertEqual(response.status, 200, site.log.text)
        XCTAssertEqual(response.text, #"{"get":{"q":"1"},"post":{"a":["1","2"],"b":{"x":"y z"},"plain":"&="},"#
                       + #""method":"POST","content_type":"application/x-www-form-urlencoded"}"#)
    }

    /// A multipart upload: PHP writes the part to upload_tmp_dir (/tmp, a preopened host directory),
    /// move_uploaded_file renames it into /data, and the host file has exactly the uploaded bytes.
    func testMultipartUploadLandsInTheWritableDirectory() throws {
        let site = try PHPSite(scripts: Self.scripts)
        // Every byte value, CR LF and something that looks like a boundary: the parser must take it all verbatim.
        let content = (0..<3).flatMap { _ in (0...255).map(UInt8.init) } + Array("\r\n--not-the-boundary\r\n".utf8)
        let boundary = "----WasmVMBoundary7MA4YWxkTrZu0gW"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQuarterly report\r\n".utf8)
        body += Array(("--\(boundary)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"report.bin\"\r\n"
                       + "Content-Type: application/octet-stream\r\n\r\n").utf8)
        body += content
        body += Array("\r\n--\(boundary)--\r\n".utf8)

        let response = try site.application().handle(PHPSite.request(
            "POST", "upload.php",
            headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Content-Length", "\(body.count)")],
            body: body))
        XCTAssertEqual(response.status, 200, "\(response.text)\n\(site.log.text)")
        XCTAssertEqual(response.text, #"{"name":"report.bin","type":"application/octet-stream","size":\#(content.count),"#
                       + #""error":0,"tmp_dir":"/tmp","uploaded":true,"title":"Quarterly report","moved":true,"#
                       + #""tmp_left":false,"target_size":\#(content.count)}"#)
        let stored = try Data(contentsOf: site.data.appendingPathComponent("report.bin"))
        XCTAssertEqual(Array(stored), content)
        // The temporary file was moved, and PHP removes any it did not move at the end of the request.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.temporary.path), [])
    }

    /// The session id goes out in Set-Cookie; sending it back finds the data the first request stored under
    /// session.save_path (a preopened writable directory), and a request without the cookie gets a new session.
    func testSessionSurvivesAcrossRequestsThroughItsCookie() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.application()

        let first = application.handle(PHPSite.request("GET", "session.php", query: "set=remembered"))
        XCTAssertEqual(first.status, 200, site.log.text)
        let cookie = try XCTUnwrap(first.header("Set-Cookie"), "\(first.headers)")
        XCTAssertTrue(cookie.hasPrefix("PHPSESSID="), cookie)
        XCTAssertTrue(cookie.hasSuffix("; path=/"), cookie)
        let pair = String(cookie.prefix { $0 != ";" })
        let id = String(pair.dropFirst("PHPSESSID=".count))
        XCTAssertEqual(first.text, #"{"id":"\#(id)","value":"remembered","visits":1}"#)
        let stored = try String(contentsOf: site.data.appendingPathComponent("sessions/sess_\(id)"), encoding: .utf8)
        XCTAssertEqual(stored, #"value|s:10:"remembered";visits|i:1;"#)

        let second = application.handle(PHPSite.request("GET", "session.php", headers: [("Cookie", pair)]))
        XCTAssertEqual(second.status, 200, site.log.text)
        XCTAssertEqual(second.text, #"{"id":"\#(id)","value":"remembered","visits":2}"#)
        XCTAssertNil(second.header("Set-Cookie"), "an existing session is not re-announced")

        let stranger = application.handle(PHPSite.request("GET", "session.php"))
        let strangerObject = try stranger.jsonObject()
        XCTAssertNotEqual(strangerObject["id"] as? String, id)
        XCTAssertTrue(strangerObject["value"] is NSNull, stranger.text)
        XCTAssertEqual(strangerObject["visits"] as? Int, 1)
    }

    /// A POST writes a row with PDO SQLite and redirects (303); the next request, a fresh instance, reads it
    /// back from the database file in the writable directory.
    func testPDOSQLiteWriteIsReadByTheNextRequest() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.application()
        for text in ["first note", "zweite Notiz ü"] {
            let body = Array("text=\(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)".utf8)
            let post = application.handle(PHPSite.request(
                "POST", "notes.php",
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "\(body.count)")],
                body: body))
            XCTAssertEqual(post.status, 303, "\(post.text)\n\(site.log.text)")
            XCTAssertEqual(post.header("Location"), "/notes.php")
        }
        let list = application.handle(PHPSite.request("GET", "notes.php"))
        XCTAssertEqual(list.status, 200, site.log.text)
        XCTAssertEqual(list.text, #"[{"id":1,"text":"first note"},{"id":2,"text":"zweite Notiz \u00fc"}]"#)
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.data.appendingPathComponent("notes.sqlite").path))
    }

    func testCustomStatusAndRedirect() throws {
        let site = try PHPSite(scripts: Self.scripts)
        let application = try site.application()

        let status = application.handle(PHPSite.request("GET", "status.php"))
        XCTAssertEqual(status.status, 451, site.log.text)
        XCTAssertEqual(status.header("X-Reason"), "court order")
        XCTAssertNil(status.header("Status"), "the CGI Status field is consumed")
        XCTAssertEqual(status.text, "gone\n")

        let redirect = application.handle(PHPSite.request("GET", "redirect.php"))
        XCTAssertEqual(redirect.status, 301, site.log.text)
        XCTAssertEqual(redirect.header("Location"), "https://example.com/next?x=1")
        XCTAssertEqual(redirect.text, "moved\n")

        let head = application.handle(PHPSite.request("HEAD", "status.php"))
        XCTAssertEqual(head.status, 451)
        XCTAssertEqual(head.header("X-Reason"), "court order")
        XCTAssertEqual(head.body, [])
    }
}
