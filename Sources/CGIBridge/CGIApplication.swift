import WASI
import WasmVM

/// Runs a WASI CGI program (php-cgi.wasm) once per HTTP request.
///
/// One compiled ``Module`` is shared by every request (its bytecode translation is shared too); each request gets
/// a fresh `Store`, instance and WASI context, so nothing a request does, including trapping or exhausting its
/// limits, is visible to the next. `handle` is synchronous and may be called from many threads at once; run it
/// off the event loop.
///
/// The response is buffered: the guest runs to completion before anything is returned, which is what lets a
/// trap or a timeout in the middle of a body still become a clean 5xx instead of a truncated 200.
public final class CGIApplication: Sendable {
    public let module: Module
    public let configuration: CGIConfiguration

    /// The most stderr kept per run for the log; the rest is dropped (the guest sees `ENOSPC`).
    static let stderrLimit = 1 << 20

    public init(module: Module, configuration: CGIConfiguration) {
        self.module = module
        self.configuration = configuration
    }

    /// Runs the guest for `request` and returns its response, or a 5xx describing why there is none. Never throws
    /// and never crashes on guest behaviour.
    public func handle(_ request: CGIRequest) -> CGIResponse {
        let deadline = configuration.limits.timeout.map { ContinuousClock.now + $0 }
        var budget = RunBudget(fuel: configuration.limits.fuel, deadline: deadline)
        var current = request
        var redirects = 0
        while true {
            switch run(current, budget: &budget) {
            case .response(var response):
                // RFC 3875 4.3.2: the server discards a body written for HEAD.
                if request.method == "HEAD" { response.body = [] }
                return response
            case .localRedirect(let location):
                redirects += 1
                guard redirects <= configuration.maxLocalRedirects else {
                    log(current, "more than \(configuration.maxLocalRedirects) local redirects (last to \(location))")
                    return .gatewayError(500, "Internal Server Error")
                }
                current = redirected(current, to: location)
            }
        }
    }

    /// The fuel left and the deadline, carried across the local redirects of one request.
    struct RunBudget {
        var fuel: UInt64?
        var deadline: ContinuousClock.Instant?
    }

    enum RunResult {
        case response(CGIResponse)
        case localRedirect(String)
    }

    /// How the guest's run ended.
    enum Ending {
        case exited(UInt32)
        case trapped(Trap)
        /// It never ran: the WASI context or the instance could not be set up.
        case failed(String)
    }

    func run(_ request: CGIRequest, budget: inout RunBudget) -> RunResult {
        let limits = configuration.limits
        // One byte more than the limit, so a guest that filled it exactly is told apart from one cut short.
        let stdout = WASIOutputBuffer(limit: limits.outputBytes.map { $0 + 1 })
        let stderr = WASIOutputBuffer(limit: Self.stderrLimit)
        let wasi = WASIConfiguration(
            arguments: configuration.arguments.isEmpty ? ["cgi"] : configuration.arguments,
            environment: CGIMetaVariables.environment(for: request, configuration: configuration),
            preopens: configuration.preopens,
            stdin: .bytes(request.body), stdout: .buffer(stdout), stderr: .buffer(stderr))

        let ending: Ending
        do {
            let context = try WASIContext(wasi)
            let store = Store()
            store.fuel = budget.fuel
            store.deadline = budget.deadline
            store.memoryPageLimit = limits.memoryPages
            defer { budget.fuel = store.fuel }
            ending = Self.ending(of: { () throws(WASIRunError) in try context.run(module, in: store) })
        } catch {
            ending = .failed("cannot set up WASI: \(error)")
        }
        logStandardError(request, stderr.text)
        return respond(request, ending: ending, output: stdout.bytes)
    }

    static func ending(of run: () throws(WASIRunError) -> WASIRunResult) -> Ending {
        do {
            return .exited(try run().exitCode)
        } catch {
            switch error {
            case .trap(let trap): return .trapped(trap)
            case .instantiation(.trapped(let trap)): return .trapped(trap)
            default: return .failed("cannot run the module: \(error)")
            }
        }
    }

    /// Turns a run's ending and stdout into the response, or into a local redirect to follow.
    ///
    /// Fuel and time limits win over everything the guest wrote (the body is cut short); a trap or a failed
    /// start is a 500; otherwise stdout must be a CGI response (else 502, or 500 when the guest also exited
    /// non-zero, the usual way a crashing CGI program ends).
    func respond(_ request: CGIRequest, ending: Ending, output: [UInt8]) -> RunResult {
        let exitCode: UInt32
        switch ending {
        case .failed(let reason):
            log(request, reason)
            return .response(.gatewayError(500, "Internal Server Error"))
        case .trapped(let trap):
            switch trap.reason {
            case .outOfFuel:
                log(request, "ran out of fuel (\(configuration.limits.fuel.map(String.init) ?? "?") units)")
                return .response(.gatewayError(503, "Service Unavailable"))
            case .interrupted:
                log(request, "timed out after \(configuration.limits.timeout.map { "\($0)" } ?? "its deadline")")
                return .response(.gatewayError(504, "Gateway Timeout"))
            default:
                log(request, "trapped: \(trap)")
                return .response(.gatewayError(500, "Internal Server Error"))
            }
        case .exited(let code):
            exitCode = code
        }
        if let limit = configuration.limits.outputBytes, output.count > limit {
            log(request, "response larger than \(limit) bytes")
            return .response(.gatewayError(502, "Bad Gateway"))
        }
        let parsed: CGIOutput
        do {
            parsed = try CGIOutputParser.parse(output)
        } catch {
            if exitCode != 0 {
                log(request, "exited with status \(exitCode) before writing a response header")
                return .response(.gatewayError(500, "Internal Server Error"))
            }
            log(request, "malformed response: \(error)")
            return .response(.gatewayError(502, "Bad Gateway"))
        }
        if exitCode != 0 { log(request, "exited with status \(exitCode) after writing its response header") }
        if let location = parsed.localRedirect { return .localRedirect(location) }
        return .response(CGIResponse(status: parsed.status, headers: parsed.headers, body: Array(parsed.body)))
    }

    /// The request a local redirect re-runs: a GET for the new URI, without the original body (RFC 3875 6.2.2),
    /// then whatever the host's router makes of it.
    func redirected(_ request: CGIRequest, to location: String) -> CGIRequest {
        var next = request
        next.method = "GET"
        next.uri = location
        next.body = []
        next.headers = request.headers.filter {
            let name = $0.name.lowercased()
            return name != "content-type" && name != "content-length"
        }
        next.pathInfo = nil
        return configuration.routeLocalRedirect?(next) ?? next
    }

    func log(_ request: CGIRequest, _ message: String) {
        configuration.log?("cgi: \(request.scriptFilename) (\(request.method) \(request.uri)): \(message)")
    }

    /// Passes the guest's stderr on line by line (PHP's error_log, warnings with display_errors=stderr).
    func logStandardError(_ request: CGIRequest, _ text: String) {
        guard let sink = configuration.log, !text.isEmpty else { return }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            sink("cgi: \(request.scriptFilename): stderr: \(line)")
        }
    }
}
