import Foundation
import Glibc
import XCTest

/// The built `php-server` executable, running on a free local port for one test.
///
/// The binary is the one the package builds (`PHP_SERVER_BINARY`, else `.build/release/php-server`, else
/// `.build/debug/php-server` under the package root); the guest is `WASMVM_PHP_CGI`, else
/// `Guests/php/out/php-cgi.wasm`. Its stdout (access log) and stderr go to files in `logDirectory`, quoted in
/// failure messages.
final class PHPServerProcess {
    let port: Int
    let process = Process()
    let logDirectory: URL

    /// Starts the server with `arguments` (e.g. `--config FILE`) and returns once it accepts connections.
    init(arguments: [String], logDirectory: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let binary = try Self.binary(file: file, line: line)
        let module = try Self.phpModule(file: file, line: line)
        self.logDirectory = logDirectory
        port = try Self.freePort()
        FileManager.default.createFile(atPath: logDirectory.appendingPathComponent("stdout.log").path, contents: nil)
        FileManager.default.createFile(atPath: logDirectory.appendingPathComponent("stderr.log").path, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + ["--host", "127.0.0.1", "--port", String(port), "--module", module]
        process.currentDirectoryURL = logDirectory
        process.standardOutput = try FileHandle(forWritingTo: logDirectory.appendingPathComponent("stdout.log"))
        process.standardError = try FileHandle(forWritingTo: logDirectory.appendingPathComponent("stderr.log"))
        try process.run()
        try waitUntilListening(file: file, line: line)
    }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The server's error output so far (guest stderr, traps), for failure messages.
    var errorLog: String {
        (try? String(contentsOf: logDirectory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
    }

    var accessLog: String {
        (try? String(contentsOf: logDirectory.appendingPathComponent("stdout.log"), encoding: .utf8)) ?? ""
    }

    /// Polls for a TCP connection: php-server binds only after the configuration and modules are loaded.
    private func waitUntilListening(file: StaticString, line: UInt) throws {
        let client = HTTPClient(port: port)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !process.isRunning {
                process.waitUntilExit()
                XCTFail("php-server exited with status \(process.terminationStatus) at startup:\n\(errorLog)",
                        file: file, line: line)
                throw HTTPClientError(description: "php-server did not start")
            }
            if let socket = try? client.connect() {
                close(socket)
                return
            }
            usleep(50_000)
        }
        stop()
        XCTFail("php-server did not listen on port \(port) within 60 s:\n\(errorLog)", file: file, line: line)
        throw HTTPClientError(description: "php-server did not start")
    }

    static func binary(file: StaticString, line: UInt) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let candidates = environment["PHP_SERVER_BINARY"].map { [$0] }
            ?? [".build/release/php-server", ".build/debug/php-server"].map { TestPaths.packageRoot.appendingPathComponent($0).path }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        XCTFail("php-server is not built (looked at \(candidates.joined(separator: ", "))): run "
                + "`swift build --product php-server` or set PHP_SERVER_BINARY", file: file, line: line)
        throw CocoaError(.fileNoSuchFile)
    }

    static func phpModule(file: StaticString, line: UInt) throws -> String {
        let path = ProcessInfo.processInfo.environment["WASMVM_PHP_CGI"]
            ?? TestPaths.packageRoot.appendingPathComponent("Guests/php/out/php-cgi.wasm").path
        if FileManager.default.fileExists(atPath: path) { return path }
        XCTFail("php-cgi.wasm is missing at \(path): run Guests/php/build.sh", file: file, line: line)
        throw CocoaError(.fileNoSuchFile)
    }

    /// A port nobody listens on right now: bind port 0, read what the kernel chose, release it.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw HTTPClientError(description: "cannot find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
