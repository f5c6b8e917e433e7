import CGIBridge
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

    /// `modulePath` is the host path the module was loaded from; its file name becomes the guest's `argv[0]`.
    init(configuration: LocationConfiguration, module: Module, modulePath: String, serverSoftware: String,
         log: @escaping @Sendable (String) -> Void) {
        let programName = modulePath.split(separator: "/").last.map(String.init) ?? "module.wasm"
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
        if configuration.enableCGI {
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
            runner = .cgi(CGIApplication(module: module, configuration: cgi))
        } else {
            cgi.arguments = [programName] + configuration.arguments
            runner = .plain(PlainWASIRunner(module: module, configuration: cgi, entryPoint: configuration.entryPoint))
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

    /// Runs the guest for one request. Blocking and CPU-bound: call it on a worker thread.
    func runGuest(_ request: CGIRequest) -> CGIResponse {
        let unsafeMethod = !["GET", "HEAD", "OPTIONS", "TRACE"].contains(request.method)
        let run = { () -> CGIResponse in
            switch self.runner {
            case .cgi(let application): application.handle(request)
            case .plain(let runner): runner.handle(request)
            }
        }
        guard let writeLock else { return run() }
        return writeLock.withLock(exclusive: unsafeMethod, run)
    }

    private func guestPath(_ hostPath: String) -> String {
        configuration.mapCGIFileNames ? mapper.guestPath(forHostPath: hostPath) ?? hostPath : hostPath
    }
}
