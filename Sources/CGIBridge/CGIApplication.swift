import WASI
import WasmVM

/// Runs a WASI CGI program (php-cgi.wasm) once per HTTP request.
///
/// One compiled ``Module`` is shared by every request (its bytecode translation is shared too); each request gets
/// a fresh `Store`, instance and WASI context, so nothing a request does, including trapping or exhausting its
/// limits, is visible to the next. The instance is either instantiated from scratch (cold, ``init(module:configuration:)``)
/// or restored from a snapshot taken after the guest's start-up (warm, ``warm(module:configuration:initialize:handle:)``).
/// `handle` is synchronous and may be called from many threads at once; run it off the event loop.
///
/// Two ways to get the response: ``handle(_:)`` buffers it, so a trap or a timeout in the middle of a body still
/// becomes a clean 5xx instead of a truncated 200; ``handle(_:streamingTo:)`` passes the body on while the guest
/// writes it, so the first bytes reach the client before the script ends and a large response is not held in
/// memory.
public final class CGIApplication: Sendable {
    public let module: Module
    public let configuration: CGIConfiguration
    /// How each request's instance comes to be.
    let launch: Launch

    enum Launch: Sendable {
        /// Instantiate the module and run `_start`.
        case cold
        /// Restore the snapshot and call the handle export.
        case warm(CGIWarmStart)
    }

    /// The most stderr kept per run for the log; the rest is dropped (the guest sees `ENOSPC`).
    static let stderrLimit = 1 << 20

    /// A cold application: every request instantiates `module` and runs its `_start`.
    public init(module: Module, configuration: CGIConfiguration) {
        self.module = module
        self.configuration = configuration
        launch = .cold
    }

    init(module: Module, configuration: CGIConfiguration, warm: CGIWarmStart) {
        self.module = module
        self.configuration = configuration
        launch = .warm(warm)
    }

    /// Runs the guest for `request` and returns its whole response, or a 5xx describing why there is none.
    /// Never throws and never crashes on guest behaviour.
    public func handle(_ request: CGIRequest) -> CGIResponse {
        let collector = CGIResponseCollector()
        serve(request, sink: collector, buffering: .wholeResponse, announcesLength: false)
        return collector.response
    }

    /// Runs the guest for `request`, passing its response to `sink` while it is written: the head as soon as
    /// the guest's header block is complete, then the body in pieces (see ``CGIStreamBuffering``), then the end.
    /// Returns when the guest has ended and `sink.end` has been called.
    ///
    /// Anything that goes wrong before the head was sent (a trap, a limit, a malformed header block) still
    /// becomes a complete 5xx response through the same sink. After the head, a trap, timeout or the output cap
    /// ends the stream with ``CGIStreamError`` (and a log line); the HTTP layer should then close the connection.
    public func handle(_ request: CGIRequest, streamingTo sink: any CGIResponseSink) {
        serve(request, sink: sink, buffering: configuration.streamBuffering, announcesLength: true)
    }

    /// Runs the request and any local redirects it leads to; the last run answers through `sink`.
    func serve(_ request: CGIRequest, sink: any CGIResponseSink, buffering: CGIStreamBuffering, announcesLength: Bool) {
        let deadline = configuration.limits.timeout.map { ContinuousClock.now + $0 }
        var budget = RunBudget(fuel: configuration.limits.fuel, deadline: deadline)
        // RFC 3875 4.3.2: the server discards a body written for HEAD; a redirect re-runs it as GET, but the
        // client still asked for HEAD.
        let discardsBody = request.method == "HEAD"
        var current = request
        var redirects = 0
        while true {
            let streamer = CGIResponseStreamer(sink: sink, buffering: buffering, limit: configuration.limits.outputBytes,
                                               discardsBody: discardsBody, announcesLength: announcesLength)
            guard let location = run(current, budget: &budget, streamer: streamer) else { return }
            redirects += 1
            guard redirects <= configuration.maxLocalRedirects else {
                log(current, "more than \(configuration.maxLocalRedirects) local redirects (last to \(location))")
                CGIResponseStreamer.sendError(status: 500, reason: "Internal Server Error", to: sink,
                                              withBody: !discardsBody, announcesLength: announcesLength)
                return
            }
            current = redirected(current, to: location)
        }
    }

    /// The fuel left and the deadline, carried across the local redirects of one request.
    struct RunBudget {
        var fuel: UInt64?
        var deadline: ContinuousClock.Instant?
    }

    /// How the guest's run ended.
    enum Ending {
        case exited(UInt32)
        case trapped(Trap)
        /// It never ran: the WASI context or the instance could not be set up.
        case failed(String)
    }

    /// Runs the guest once with its stdout going to `streamer`; returns the path of a local redirect to follow,
    /// or nil when the response has been sent.
    func run(_ request: CGIRequest, budget: inout RunBudget, streamer: CGIResponseStreamer) -> String? {
        let limits = configuration.limits
        let stderr = WASIOutputBuffer(limit: Self.stderrLimit)
        let ending: Ending
        do {
            let privatePreopens = try Self.createPrivateDirectories(configuration)
            defer { privatePreopens.forEach(CGIPrivateDirectory.remove) }
            let wasi = WASIConfiguration(
                arguments: Self.arguments(configuration),
                environment: CGIMetaVariables.environment(for: request, configuration: configuration),
                preopens: configuration.preopens + privatePreopens,
                stdin: request.bodyReader.map { .reader($0) } ?? .bytes(request.body), stdout: .writer(streamer),
                stderr: .buffer(stderr))
            let store = Store()
            store.fuel = budget.fuel
            store.deadline = budget.deadline
            store.memoryPageLimit = limits.memoryPages
            ending = execute(wasi, in: store)
            budget.fuel = store.fuel
        } catch {
            ending = .failed("\(error)")
        }
        logStandardError(request, stderr.text)
        return finish(request, ending: ending, streamer: streamer)
    }

    /// One fresh directory per ``CGIConfiguration/privateDirectories`` entry; none is left behind on failure.
    static func createPrivateDirectories(_ configuration: CGIConfiguration) throws(CGIPrivateDirectoryError)
        -> [WASIPreopen] {
        var created: [WASIPreopen] = []
        for directory in configuration.privateDirectories {
            do {
                created.append(try directory.create())
            } catch {
                created.forEach(CGIPrivateDirectory.remove)
                throw error
            }
        }
        return created
    }

    /// `argv`: the configured arguments, or a bare program name (see ``CGIConfiguration/arguments``).
    static func arguments(_ configuration: CGIConfiguration) -> [String] {
        configuration.arguments.isEmpty ? ["cgi"] : configuration.arguments
    }

    /// Creates the instance for one run (cold or warm) and runs the guest to its end.
    func execute(_ wasi: WASIConfiguration, in store: Store) -> Ending {
        switch launch {
        case .cold:
            let context: WASIContext
            do {
                context = try WASIContext(wasi)
            } catch {
                return .failed("cannot set up WASI: \(error)")
            }
            let entry = configuration.entryPoint == "_start" ? nil : configuration.entryPoint
            return Self.ending { () throws(WASIRunError) in try context.run(module, in: store, invoking: entry) }
        case .warm(let warm):
            return warm.execute(wasi, in: store)
        }
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

    /// Ends the response according to how the run ended and what the guest wrote; returns the path of a local
    /// redirect to follow instead.
    ///
    /// Fuel and time limits win over everything the guest wrote (the body is cut short); a trap or a failed
    /// start is a 500; otherwise stdout must be a CGI response (else 502, or 500 when the guest also exited
    /// non-zero, the usual way a crashing CGI program ends). When the head has already been streamed, a
    /// failure can only break the stream off: the log line says so.
    func finish(_ request: CGIRequest, ending: Ending, streamer: CGIResponseStreamer) -> String? {
        let output = streamer.close()
        let truncated = output.headSent ? "; the response was already being sent and is cut off" : ""
        let exitCode: UInt32
        switch ending {
        case .failed(let reason):
            log(request, reason)
            streamer.fail(status: 500, reason: "Internal Server Error", error: .trapped(reason))
            return nil
        case .trapped(let trap):
            switch trap.reason {
            case .outOfFuel:
                log(request, "ran out of fuel (\(configuration.limits.fuel.map(String.init) ?? "?") units)\(truncated)")
                streamer.fail(status: 503, reason: "Service Unavailable", error: .outOfFuel)
            case .interrupted:
                log(request, "timed out after \(configuration.limits.timeout.map { "\($0)" } ?? "its deadline")\(truncated)")
                streamer.fail(status: 504, reason: "Gateway Timeout", error: .timedOut)
            default:
                log(request, "trapped: \(trap)\(truncated)")
                streamer.fail(status: 500, reason: "Internal Server Error", error: .trapped("\(trap)"))
            }
            return nil
        case .exited(let code):
            exitCode = code
        }
        if output.overflowed, let limit = configuration.limits.outputBytes {
            log(request, "response larger than \(limit) bytes\(truncated)")
            streamer.fail(status: 502, reason: "Bad Gateway", error: .responseTooLarge(limit: limit))
            return nil
        }
        let malformed: CGIOutputError
        switch output.phase {
        case .header:
            // No blank line arrived; the parser says what is wrong with what did.
            do {
                _ = try CGIOutputParser.parse(output.headerBytes)
                malformed = CGIOutputError("no blank line ends the header block")
            } catch {
                malformed = error
            }
        case .rejected(let error):
            malformed = error
        case .localRedirect(let location):
            if exitCode != 0 { log(request, "exited with status \(exitCode) after writing its response header") }
            return location
        case .body:
            if exitCode != 0 { log(request, "exited with status \(exitCode) after writing its response header") }
            streamer.finish()
            return nil
        }
        if exitCode != 0 {
            log(request, "exited with status \(exitCode) before writing a response header")
            streamer.fail(status: 500, reason: "Internal Server Error", error: .trapped("exit \(exitCode)"))
        } else {
            log(request, "malformed response: \(malformed)")
            streamer.fail(status: 502, reason: "Bad Gateway", error: .trapped("malformed response"))
        }
        return nil
    }

    /// The request a local redirect re-runs: a GET for the new URI, without the original body (RFC 3875 6.2.2),
    /// then whatever the host's router makes of it.
    func redirected(_ request: CGIRequest, to location: String) -> CGIRequest {
        var next = request
        next.method = "GET"
        next.uri = location
        next.body = []
        next.bodyReader = nil
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
