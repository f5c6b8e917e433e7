import CGIBridge
import Foundation
import Synchronization
import WASI
import WasmVM
import XCTest

/// A throw-away PHP site for one test: a read-only document root with the given scripts, a writable `/tmp`
/// (uploads land there first) and a writable `/data` (sessions, SQLite databases, moved uploads), all host
/// directories under one temporary folder that is removed afterwards.
final class PHPSite {
    /// php-cgi.wasm and php-cgi-warm.wasm compiled once for all tests, as a server would.
    private static let cachedModules = Mutex<[String: Module]>([:])
    static let warmPHPCGI = CGIGuest.repositoryRoot.appendingPathComponent("Guests/php/out/php-cgi-warm.wasm")

    let root: URL
    let documentRoot: URL
    let temporary: URL
    let data: URL
    let log = LogRecorder()

    /// php-cgi.wasm; throws XCTSkip when it has not been built.
    static func module() throws -> Module {
        try load(CGIGuest.phpCGI, hint: "build it with Guests/php/build.sh to run the PHP tests")
    }

    /// php-cgi-warm.wasm (the reactor with wasmvm_init/wasmvm_handle); throws XCTSkip when it has not been built.
    static func warmModule() throws -> Module {
        try load(warmPHPCGI, hint: "Guests/php/build.sh builds it with php-cgi.wasm; the warm PHP tests need it")
    }

    private static func load(_ file: URL, hint: String) throws -> Module {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw XCTSkip("\(file.lastPathComponent) is absent; \(hint)")
        }
        return try cachedModules.withLock { cached in
            if let module = cached[file.path] { return module }
            let loaded = try Module(bytes: Array(try Data(contentsOf: file)))
            cached[file.path] = loaded
            return loaded
        }
    }

    init(scripts: [String: String]) throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("cgi-php-\(UUID().uuidString)")
        documentRoot = root.appendingPathComponent("www")
        temporary = root.appendingPathComponent("tmp")
        data = root.appendingPathComponent("data")
        for directory in [documentRoot, temporary, data.appendingPathComponent("sessions")] {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        for (name, source) in scripts {
            try Data(source.utf8).write(to: documentRoot.appendingPathComponent(name))
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The php-cgi arguments every site uses: production error handling (errors to the log, which is what lets
    /// PHP answer 500 for a fatal error), uploads and sessions in the writable directories.
    static let arguments = [
        "php-cgi", "-d", "display_errors=0", "-d", "log_errors=1",
        "-d", "upload_tmp_dir=/tmp", "-d", "session.save_path=/data/sessions",
    ]

    /// With `privateTemporary`, /tmp is a ``CGIPrivateDirectory`` (a fresh one per run, created in
    /// ``temporary``) instead of ``temporary`` itself shared by all runs.
    func configuration(extraArguments: [String] = [], limits: CGILimits = CGILimits(timeout: .seconds(120)),
                       privateTemporary: Bool = false) -> CGIConfiguration {
        var preopens = [WASIPreopen(hostPath: documentRoot.path, guestPath: "/var/www", access: .readOnly)]
        if !privateTemporary { preopens.append(WASIPreopen(hostPath: temporary.path, guestPath: "/tmp", access: .readWrite)) }
        preopens.append(WASIPreopen(hostPath: data.path, guestPath: "/data", access: .readWrite))
        return CGIConfiguration(
            preopens: preopens, environment: [("TMPDIR", "/tmp")], arguments: Self.arguments + extraArguments,
            limits: limits, log: log.sink,
            privateDirectories: privateTemporary ? [CGIPrivateDirectory(hostParent: temporary.path, guestPath: "/tmp")] : [])
    }

    func application(extraArguments: [String] = [], limits: CGILimits = CGILimits(timeout: .seconds(120)),
                     privateTemporary: Bool = false) throws -> CGIApplication {
        CGIApplication(module: try Self.module(),
                       configuration: configuration(extraArguments: extraArguments, limits: limits,
                                                    privateTemporary: privateTemporary))
    }

    /// The same site served warm: php-cgi-warm.wasm started once and snapshotted, every request restored.
    func warmApplication(extraArguments: [String] = [], limits: CGILimits = CGILimits(timeout: .seconds(120)),
                         privateTemporary: Bool = false) throws -> CGIApplication {
        try CGIApplication.warm(module: Self.warmModule(),
                                configuration: configuration(extraArguments: extraArguments, limits: limits,
                                                             privateTemporary: privateTemporary))
    }

    /// A request for `/name?query` answered by the script `name`.
    static func request(_ method: String, _ script: String, query: String = "",
                        headers: [(name: String, value: String)] = [], body: [UInt8] = []) -> CGIRequest {
        CGIRequest(method: method, uri: "/\(script)" + (query.isEmpty ? "" : "?\(query)"), headers: headers,
                   body: body, scriptFilename: "/var/www/\(script)", scriptName: "/\(script)")
    }
}

extension CGIResponse {
    /// The body parsed as a JSON object (failing the test with the body and status otherwise).
    func jsonObject(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try? JSONSerialization.jsonObject(with: Data(body))
        return try XCTUnwrap(object as? [String: Any], "status \(status): \(text)", file: file, line: line)
    }
}
