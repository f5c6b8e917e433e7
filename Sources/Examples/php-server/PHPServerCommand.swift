import ArgumentParser
import CGIBridge
import Foundation
import Hummingbird
import Logging
import SnapshotStore
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

    @Option(name: .customLong("warm-module"),
            help: "Warm php-cgi (exports wasmvm_init/wasmvm_handle) for WasmSnapshot locations without WasmModule (default: $WASMVM_PHP_CGI_WARM, else php-cgi-warm.wasm next to the --module default).")
    var warmModulePath: String?

    @Option(help: "Locations without a WasmSnapshot directive: auto (the demo runs warm when the warm module exists, configured locations cold), on, or off.")
    var snapshot: SnapshotDefault = .auto

    @Option(name: .customLong("snapshot-store"),
            help: "SQLite snapshot store of the demo (default: ~/.cache/wasmvm/snapshots.sqlite; 'none' builds the snapshot at every start).")
    var snapshotStorePath: String?

    @Flag(name: .customLong("check-config"),
          help: "Parse the configuration, load the modules, print what each location would run, and exit (like apachectl configtest).")
    var checkConfig = false

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

        let plans: [TenantPlan]
        do {
            plans = try TenantPlanner(
                defaultModule: modulePath ?? ProcessInfo.processInfo.environment["WASMVM_PHP_CGI"]
                    ?? "Guests/php/out/php-cgi.wasm",
                warmModule: warmModulePath ?? ProcessInfo.processInfo.environment["WASMVM_PHP_CGI_WARM"],
                snapshotDefault: snapshot, isDemo: configPath == nil, say: say
            ).plans(for: locations)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(error.exitCode)
        }
        if checkConfig {
            say("Syntax OK")
            for plan in plans { say(plan.summary) }
            return
        }

        var tenantList: [Tenant] = []
        var stores: [String: SnapshotStore] = [:]
        for var plan in plans {
            let prefix = plan.location.urlPrefix
            var store: SnapshotStore?
            if let path = plan.location.snapshotStorePath {
                do {
                    if stores[path] == nil { stores[path] = try SnapshotStore(path: path) }
                    store = stores[path]
                } catch {
                    // The store is a cache: without it the snapshot is built at every start.
                    say("php-server: \(prefix): cannot open the snapshot store \(path) (\(error)); not using it")
                }
            }
            while true {
                do {
                    let tenant = try Tenant(plan: plan, snapshotStore: store, serverSoftware: "php-server (WasmVM)",
                                            log: { accessLog.error($0) })
                    say("php-server: \(prefix): \(tenant.startReport)")
                    tenantList.append(tenant)
                    break
                } catch {
                    guard let fallback = plan.coldFallback else {
                        printError("error: location \(prefix): \(error)")
                        throw ExitCode(1)
                    }
                    say("php-server: \(prefix): warm start failed (\(error)); running cold")
                    do { plan = try fallback() } catch {
                        printError("error: \(error.message)")
                        throw ExitCode(error.exitCode)
                    }
                }
            }
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
                    banner += "php-server: \(location.urlPrefix) -> \(root) [\(tenant.modeDescription)]\n"
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
            let store = snapshotStorePath.map { $0 == "none" ? nil : HostPath.absolute($0, relativeTo: HostPath.currentDirectory()) }
                ?? DemoSite.defaultSnapshotStore
            return [try DemoSite.configuration(dataDirectory: data, snapshotStore: store)]
        }
        let absolute = HostPath.absolute(configPath, relativeTo: HostPath.currentDirectory())
        guard let bytes = HostPath.readFile(absolute), let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError(file: configPath, line: 0, message: "cannot read the file (or it is not UTF-8)")
        }
        let directory = absolute.split(separator: "/").dropLast().joined(separator: "/")
        return try ConfigurationParser(fileName: configPath, baseDirectory: "/" + directory).parse(text)
    }

    /// Progress lines go out unbuffered so they interleave correctly with the access log.
    private func say(_ message: String) {
        FileHandle.standardOutput.write(Data((message + "\n").utf8))
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data("php-server: \(message)\n".utf8))
    }
}
