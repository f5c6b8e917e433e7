import CGIBridge
import SnapshotStore
import WASI
import WasmVM

/// One location at run time: its router, its guest application and its write lock. Tenants share nothing with
/// each other except the (immutable, thread-safe) decoded `Module` when they name the same binary.
final class Tenant: Sendable {
    /// What the server should do with a request after routing.
    enum Action {
        case staticFile(hostPath: String)
        case guest(CGIRequest)
        case redirect(location: String)
        case status(Int)
    }

    let configuration: LocationConfiguration
    let prefixSegments: [String]
    private let router: DocumentRootRouter?
    private let mapper: GuestPathMapper
    private let runner: GuestRunner
    private let writeLock: ReadWriteLock?

    private enum GuestRunner: Sendable {
        case cgi(CGIApplication)
        case plain(PlainWASIRunner)
    }

    /// How this tenant runs its guest, for the start-up banner: "CGI, warm" / "CGI, cold" / "WASI stdout".
    let modeDescription: String
    /// What starting the tenant did (snapshot built or loaded, and how long it took), logged once at start-up.
    let startReport: String

    /// Builds the tenant. For a warm location this runs the guest's start-up function once and snapshots it (or
    /// loads the snapshot from `snapshotStore`), which is why it can take a while and can fail.
    init(plan: TenantPlan, snapshotStore: SnapshotStore?, serverSoftware: String,
         log: @escaping @Sendable (String) -> Void) throws(WarmStartError) {
        let configuration = plan.location
        let module = plan.module
        let programName = plan.modulePath.split(separator: "/").last.map(String.init) ?? "module.wasm"
        self.configuration = configuration
        self.prefixSegments = configuration.urlPrefix.split(separator: "/").map(String.init)
        let router = configuration.documentRoot.map { DocumentRootRouter(documentRoot: $0, configuration: configuration) }
        let mapper = GuestPathMapper(preopens: configuration.preopens)
        self.router = router
        self.mapper = mapper
        self.writeLock = configuration.serializeWrites ? ReadWriteLock() : nil
        let prefix = configuration.urlPrefix
        let tenantLog: @Sendable (String) -> Void = { log("[\(prefix)] \($0)") }
        var cgi = CGIConfiguration(
            preopens: configuration.preopens, environment: configuration.environment,
            arguments: configuration.arguments.isEmpty ? [] : [programName] + configuration.arguments,
            limits: CGILimits(fuel: configuration.fuel, timeout: configuration.timeout,
                              memoryPages: configuration.memoryPages),
            serverSoftware: serverSoftware, log: tenantLog)
        // A cold CGI location starts each request at its WasmEntryPoint (`_start` unless configured); a warm one
        // names its handler when the snapshot is made.
        if !configuration.isWarm { cgi.entryPoint = configuration.effectiveEntryPoint }
        guard configuration.enableCGI else {
            cgi.arguments = [programName] + configuration.arguments
            runner = .plain(PlainWASIRunner(module: module, configuration: cgi,
                                            entryPoint: configuration.effectiveEntryPoint))
            modeDescription = "WASI stdout, entry \(configuration.effectiveEntryPoint)"
            startReport = "plain WASI program, a fresh instance per request"
            return
        }
        let mapCGIFileNames = configuration.mapCGIFileNames
        // A guest's `Location: /other` (no Status) is served internally; send it where our router would.
        cgi.routeLocalRedirect = { request in
            guard let router, let path = try? RequestPath(rawPath: String(request.path)),
                  case .script(let hostPath, let scriptName, let pathInfo) = router.route(path) else {
                return request
            }
            var routed = request
            routed.scriptFilename = mapCGIFileNames ? mapper.guestPath(forHostPath: hostPath) ?? hostPath : hostPath
            routed.scriptName = scriptName
            routed.pathInfo = pathInfo
            return routed
        }
        if configuration.isWarm {
            let warm = try WarmStart.application(module: module, configuration: cgi, location: configuration,
                                                 store: snapshotStore)
            runner = .cgi(warm.application)
            modeDescription = "CGI, warm"
            startReport = "warm: \(warm.report); every request restores a fresh instance from the snapshot"
        } else {
            runner = .cgi(CGIApplication(module: module, configuration: cgi))
            modeDescription = "CGI, cold"
            startReport = "cold: every request instantiates \(programName) and runs `_start`"
        }
    }

    /// Routes a request below this location. `request` carries everything but the script fields, which routing
    /// fills in.
    func action(for path: RequestPath, request: CGIRequest) -> Action {
        var request = request
        guard let router, let documentRoot = configuration.documentRoot else {
            // No document root: the whole location is one guest endpoint; the rest of the path is PATH_INFO.
            let rest = path.segments(below: prefixSegments) ?? []
            request.scriptName = configuration.urlPrefix == "/" ? "" : configuration.urlPrefix
            request.pathInfo = rest.isEmpty ? nil : "/" + rest.joined(separator: "/")
            request.scriptFilename = configuration.arguments.first ?? configuration.modulePath ?? ""
            request.documentRoot = ""
            return .guest(request)
        }
        switch router.route(path) {
        case .staticFile(let hostPath):
            return .staticFile(hostPath: hostPath)
        case .script(let hostPath, let scriptName, let pathInfo):
            request.documentRoot = guestPath(documentRoot)
            request.scriptFilename = guestPath(hostPath)
            request.scriptName = scriptName
            request.pathInfo = pathInfo
            return .guest(request)
        case .redirect(let location):
            return .redirect(location: location)
        case .notFound:
            return .status(404)
        case .forbidden:
            return .status(403)
        }
    }

    /// Runs the guest for one request and returns the whole response. Blocking and CPU-bound: call it on a worker
    /// thread. Used for HEAD (no body to stream) and by callers that need the complete response.
    func runGuest(_ request: CGIRequest) -> CGIResponse {
        serialized(request) {
            switch self.runner {
            case .cgi(let application): application.handle(request)
            case .plain(let runner): runner.handle(request)
            }
        }
    }

    /// Runs the guest for one request, passing its response on as it is produced: head, body chunks, end.
    /// Blocking and CPU-bound: call it on a worker thread.
    func runGuest(_ request: CGIRequest, streamingTo stream: GuestResponseStream) {
        serialized(request) {
            switch self.runner {
            case .cgi(let application):
                application.handle(request, streamingTo: stream)
            case .plain(let runner):
                // A plain WASI program's status depends on its exit code, known only at its end: buffered.
                let response = runner.handle(request)
                stream.head(status: response.status,
                            headers: response.headers + [(name: "Content-Length", value: String(response.body.count))])
                stream.body(response.body)
                stream.end(error: nil)
            }
        }
    }

    /// `SerializeWrites On`: requests with unsafe methods run alone, everything else beside each other.
    private func serialized<Result>(_ request: CGIRequest, _ run: () -> Result) -> Result {
        guard let writeLock else { return run() }
        let unsafeMethod = !["GET", "HEAD", "OPTIONS", "TRACE"].contains(request.method)
        return writeLock.withLock(exclusive: unsafeMethod, run)
    }

    private func guestPath(_ hostPath: String) -> String {
        configuration.mapCGIFileNames ? mapper.guestPath(forHostPath: hostPath) ?? hostPath : hostPath
    }
}
