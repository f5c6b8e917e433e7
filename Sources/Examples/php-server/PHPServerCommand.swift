import ArgumentParser
import CGIBridge
import Foundation
import Hummingbird
import Logging
import WasmVM

/// `php-server`: hosts PHP applications (or any WASI CGI program) the way Apache + mod_wasm does, with every
/// location a separate sandboxed tenant.
struct PHPServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "php-server",
        abstract: "Serve PHP applications from a sandboxed php-cgi.wasm, one fresh instance per request.",
        discussion: """
            Without --config it serves the bundled guestbook demo on /. See Docs/PHPServer.md for the
            configuration file format (<Location> blocks with mod_wasm's directives).
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(name: .customLong("config"), help: "Configuration file (<Location> blocks). Default: the demo app.")
    var configPath: String?

    @Option(name: .customLong("module"),
            help: "php-cgi.wasm for locations without WasmModule (default: $WASMVM_PHP_CGI, else Guests/php/out/php-cgi.wasm).")
    var modulePath: String?

    @Option(name: .customLong("data-dir"), help: "Writable directory of the demo app (SQLite database, sessions).")
    var dataDirectory: String?

    @Option(help: "Worker threads running guests (default: the number of cores).")
    var workers: Int?

    @Option(help: "Requests allowed to wait for a worker before the server answers 503.")
    var maxQueue = 256

    func run() async throws { try await serve() }

    /// The server itself; named apart from `run()` so that main.swift can call it without landing on
    /// ParsableCommand's synchronous `run()` overload (which only prints the help text).
    func serve() async throws {
        let accessLog = AccessLog()
        let locations: [LocationConfiguration]
        do {
            locations = try loadLocations()
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }

        let defaultModule = modulePath
            ?? ProcessInfo.processInfo.environment["WASMVM_PHP_CGI"]
            ?? "Guests/php/out/php-cgi.wasm"
        var modules: [String: Module] = [:]
        var tenantList: [Tenant] = []
        for location in locations {
            let path = HostPath.absolute(location.modulePath ?? defaultModule, relativeTo: HostPath.currentDirectory())
            if modules[path] == nil {
                modules[path] = try loadModule(path, needed: location)
            }
            let module = modules[path]!
            if !module.exports.contains(where: { $0.name == location.entryPoint }) {
                printError("error: \(path) exports no function `\(location.entryPoint)` (location \(location.urlPrefix))")
                throw ExitCode(2)
            }
            tenantList.append(Tenant(configuration: location, module: module, modulePath: path, serverSoftware: "php-server (WasmVM)",
                                  log: { accessLog.error($0) }))
        }

        let tenants = tenantList
        let threadCount = workers ?? ProcessInfo.processInfo.activeProcessorCount
        let pool = WorkerThreadPool(threadCount: threadCount, maximumQueued: maxQueue)
        let responder = PHPServerResponder(tenants: tenants, workers: pool, accessLog: accessLog,
                                           serverHost: host, serverPort: port)
        var logger = Logger(label: "php-server")
        logger.logLevel = .warning
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "php-server"),
            onServerRunning: { [host, port] _ in
                var banner = ""
                for tenant in tenants {
                    let location = tenant.configuration
                    let root = location.documentRoot ?? "(module endpoint)"
                    banner += "php-server: \(location.urlPrefix) -> \(root)"
                    banner += location.enableCGI ? " [CGI]\n" : " [WASI stdout]\n"
                }
                banner += "php-server: \(threadCount) worker thread(s); listening on http://\(host):\(port)/\n"
                FileHandle.standardOutput.write(Data(banner.utf8))
            },
            logger: logger)
        try await app.runService()
    }

    private func loadLocations() throws -> [LocationConfiguration] {
        guard let configPath else {
            let data = dataDirectory ?? DemoSite.defaultDataDirectory
            say("php-server: no --config, serving the bundled guestbook demo (data in \(data))")
            return [try DemoSite.configuration(dataDirectory: data)]
        }
        let absolute = HostPath.absolute(configPath, relativeTo: HostPath.currentDirectory())
        guard let bytes = HostPath.readFile(absolute), let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError(file: configPath, line: 0, message: "cannot read the file (or it is not UTF-8)")
        }
        let directory = absolute.split(separator: "/").dropLast().joined(separator: "/")
        return try ConfigurationParser(fileName: configPath, baseDirectory: "/" + directory).parse(text)
    }

    private func loadModule(_ path: String, needed location: LocationConfiguration) throws -> Module {
        guard let bytes = HostPath.readFile(path) else {
            printError("error: cannot read the module \(path) (needed by location \(location.urlPrefix)).\n"
                       + "Build it with Guests/php/build.sh, or pass --module / set WASMVM_PHP_CGI.")
            throw ExitCode(1)
        }
        let start = ContinuousClock.now
        do {
            let module = try Module(bytes: bytes)
            say("php-server: loaded \(path) (\(bytes.count / 1024) KiB) in \(ContinuousClock.now - start)")
            return module
        } catch {
            printError("error: \(path) is not a valid module: \(error)")
            throw ExitCode(1)
        }
    }

    /// Progress lines go out unbuffered so they interleave correctly with the access log.
    private func say(_ message: String) {
        FileHandle.standardOutput.write(Data((message + "\n").utf8))
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data("php-server: \(message)\n".utf8))
    }
}
