import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `native-cgi-server`: serves a document root by spawning Debian's native `php-cgi` once per PHP request.
///
/// This is the baseline php-server is measured against (issue 4): the HTTP side is the same Hummingbird stack
/// and the same "threads = cores" worker model as php-server, so what differs in a `wrk` run is only how a
/// request reaches PHP: a fresh native process (`posix_spawn` + PHP's whole start-up) instead of a fresh
/// sandboxed Wasm instance.
struct NativeCGIServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "native-cgi-server",
        abstract: "Serve a document root through the native php-cgi, one process per PHP request (benchmark baseline).")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8090

    @Option(name: .customLong("document-root"), help: "Directory whose .php files run and other files are served.")
    var documentRoot: String

    @Option(name: .customLong("php-cgi"), help: "The native CGI binary spawned per request.")
    var phpCGI = "/usr/bin/php-cgi8.2"

    @Option(name: .customLong("env"), help: "NAME=VALUE added to every script's environment (repeatable).")
    var environment: [String] = []

    @Option(name: .customLong("front-controller"),
            help: "Script (relative to the document root) for paths naming no file; 'off' for 404.")
    var frontController = "index.php"

    @Option(help: "Threads that wait for php-cgi processes (default: the number of cores, as php-server).")
    var workers: Int?

    func run() async throws { try await serve() }

    func serve() async throws {
        guard let root = canonicalDirectory(documentRoot) else {
            throw ValidationError("--document-root \(documentRoot) is not a directory")
        }
        guard access(phpCGI, X_OK) == 0 else {
            throw ValidationError("--php-cgi \(phpCGI) is not executable (apt-get install php8.2-cgi)")
        }
        var staticEnvironment: [(name: String, value: String)] = []
        for entry in environment {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--env \(entry): expected NAME=VALUE")
            }
            staticEnvironment.append((String(entry[..<equals]), String(entry[entry.index(after: equals)...])))
        }
        let threadCount = workers ?? ProcessInfo.processInfo.activeProcessorCount
        let router = NativeDocumentRouter(documentRoot: root,
                                          frontController: frontController == "off" ? nil : frontController)
        let responder = NativeCGIResponder(
            router: router, runner: NativeCGIRunner(executable: phpCGI, staticEnvironment: staticEnvironment),
            workers: BlockingWorkerPool(threadCount: threadCount), serverHost: host, serverPort: port)
        var logger = Logger(label: "native-cgi-server")
        logger.logLevel = .warning
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "native-cgi-server"),
            onServerRunning: { [host, port, phpCGI] _ in
                let banner = "native-cgi-server: \(root) via \(phpCGI), \(threadCount) worker thread(s); "
                    + "listening on http://\(host):\(port)/\n"
                FileHandle.standardOutput.write(Data(banner.utf8))
            },
            logger: logger)
        try await app.runService()
    }

    private func canonicalDirectory(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        var status = stat()
        guard stat(resolved, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
        return String(cString: resolved)
    }
}
