import WASI
import WasmVM

/// The warm half of ``CGIApplication``: a snapshot of the guest taken after its start-up, restored into a fresh
/// instance for every request.
///
/// Why: a cold php-cgi request spends most of its time before the script's first line — instantiating the
/// module (8 MiB of data segments), then PHP's module start-up (ini parsing, extension registration, interned
/// strings). The guest's `wasmvm_init` export does that once; the instance is then snapshotted, and each request
/// gets a copy-on-write mapping of that memory (microseconds) and calls `wasmvm_handle`, which reads the
/// request's environment and stdin fresh. Isolation is the same as cold: each request's instance starts from the
/// same immutable template, so nothing one request writes to memory is seen by another.
final class CGIWarmStart: Sendable {
    let snapshot: Snapshot
    let template: SnapshotTemplate
    /// The WASI context's state at the snapshot (preopened descriptors), reopened for every request.
    let wasiState: SnapshotExtension
    let handleExport: String

    static let wasiExtensionName = "wasi"
    /// The least time start-up is given: PHP's module start-up in the interpreter takes far longer than a
    /// small request, and a tight request timeout must not make the server unable to start.
    static let startUpTimeout = Duration.seconds(60)

    init(snapshot: Snapshot, module: Module, handle: String) throws(CGIWarmStartError) {
        try Self.checkEntryPoint(handle, of: module)
        self.snapshot = snapshot
        do {
            template = try SnapshotTemplate(snapshot, module: module)
        } catch {
            throw .snapshot(error)
        }
        guard let state = template.extension(named: Self.wasiExtensionName) else {
            throw .wasiState("the snapshot has no \"\(Self.wasiExtensionName)\" section (it was not taken by CGIBridge)")
        }
        wasiState = SnapshotExtension(name: Self.wasiExtensionName, bytes: state)
        handleExport = handle
    }

    /// `wasmvm_init` and `wasmvm_handle` take nothing and return the exit status.
    static func checkEntryPoint(_ name: String, of module: Module) throws(CGIWarmStartError) {
        guard let type = module.exportedFunctionType(name), type.parameters.isEmpty, type.results == [.i32] else {
            throw .missingExport(name)
        }
    }

    /// One request: restore the template with a WASI context for this request's environment and stdio, call the
    /// handle export. Its result is the exit status; `proc_exit` (PHP's fatal-error path) is one too.
    func execute(_ configuration: WASIConfiguration, in store: Store) -> CGIApplication.Ending {
        let context: WASIContext
        do {
            context = try WASIContext(restoring: wasiState, configuration: configuration)
        } catch {
            return .failed("cannot restore WASI: \(error)")
        }
        var imports = Imports()
        context.define(into: &imports)
        let instance: Instance
        do {
            instance = try store.restore(template, imports: imports)
        } catch {
            return .failed("cannot restore the snapshot: \(error)")
        }
        guard let handle = instance.exportedFunction(handleExport) else {
            return .failed("the module exports no function `\(handleExport)`")
        }
        do {
            let results = try handle.call()
            guard case .i32(let status)? = results.first else { return .exited(0) }
            return .exited(status)
        } catch {
            if let exit = WASIExit(error) { return .exited(exit.code) }
            return .trapped(error)
        }
    }

    /// Instantiates `module` with the configuration's static world (arguments, static environment, preopens;
    /// no request), runs `_initialize` and the init export, and snapshots the instance with its WASI state.
    ///
    /// The start-up gets the memory cap of a request and, when requests have a timeout, a deadline of that
    /// timeout but at least ``startUpTimeout``, so a guest that loops while starting fails the server's start
    /// instead of hanging it; fuel is not applied (start-up may legitimately cost more than a request).
    static func capture(module: Module, configuration: CGIConfiguration, arguments: [String], initialize: String)
        throws(CGIWarmStartError) -> Snapshot {
        try checkEntryPoint(initialize, of: module)
        let output = WASIOutputBuffer(limit: CGIApplication.stderrLimit)
        // Start-up gets private directories of its own too, so the snapshot expects them at the same numbers.
        let privatePreopens: [WASIPreopen]
        do {
            privatePreopens = try CGIApplication.createPrivateDirectories(configuration)
        } catch {
            throw .setup("\(error)")
        }
        defer { privatePreopens.forEach(CGIPrivateDirectory.remove) }
        let wasi = WASIConfiguration(arguments: arguments, environment: configuration.environment,
                                     preopens: configuration.preopens + privatePreopens, stdin: .null,
                                     stdout: .buffer(output), stderr: .buffer(output))
        let context: WASIContext
        do {
            context = try WASIContext(wasi)
        } catch {
            throw .setup("\(error)")
        }
        var imports = Imports()
        context.define(into: &imports)
        let store = Store()
        store.memoryPageLimit = configuration.limits.memoryPages
        store.deadline = configuration.limits.timeout.map { ContinuousClock.now + max($0, startUpTimeout) }
        let instance: Instance
        do {
            instance = try store.instantiate(module, imports: imports)
        } catch {
            if case .trapped(let trap) = error {
                if let exit = WASIExit(trap) { throw .initializationFailed(status: exit.code, log: output.text) }
                throw .trapped(trap)
            }
            throw .setup("\(error)")
        }
        let status: UInt32
        do throws(Trap) {
            if let reactorStart = instance.exportedFunction("_initialize") { _ = try reactorStart.call() }
            if case .i32(let value)? = try instance.call(initialize).first { status = value } else { status = 0 }
        } catch {
            if let exit = WASIExit(error) { throw .initializationFailed(status: exit.code, log: output.text) }
            throw .trapped(error)
        }
        guard status == 0 else { throw .initializationFailed(status: status, log: output.text) }
        // What a successful start-up wrote (PHP's start-up warnings, say) goes to the log, not nowhere.
        if let log = configuration.log {
            for line in output.text.split(separator: "\n", omittingEmptySubsequences: true) {
                log("cgi: start-up: \(line)")
            }
        }
        let state: SnapshotExtension
        do {
            state = try context.snapshotExtension()
        } catch {
            throw .wasiState("\(error)")
        }
        do {
            return try instance.snapshot(extensions: [state])
        } catch {
            throw .snapshot(error)
        }
    }
}
