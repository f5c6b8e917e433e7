import Foundation

/// The scripts every mode runs, written into a fresh temporary document root.
///
/// `empty.php` is the request with no script work at all (PHP's per-request floor: request start-up, an empty
/// compile, shutdown, the CGI header); `echo1.php` is issue 5's `<?php echo 1;`; the difference of the two is
/// the script's own cost, which is what "warm adds < 1 ms to the script's own run" is measured against.
struct BenchScripts {
    static let sources: [(name: String, source: String, expectedBody: String)] = [
        ("empty.php", "<?php\n", ""),
        ("echo1.php", "<?php echo 1;", "1"),
        ("hello.php", "<?php echo \"Hello\";", "Hello"),
    ]

    let documentRoot: String

    init() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("php-request-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for script in Self.sources {
            try Data(script.source.utf8).write(to: URL(fileURLWithPath: directory + "/" + script.name))
        }
        documentRoot = directory
    }

    func remove() { try? FileManager.default.removeItem(atPath: documentRoot) }
}
