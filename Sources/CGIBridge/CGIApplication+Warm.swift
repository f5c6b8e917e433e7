import WasmVM

extension CGIApplication {
    /// A warm application: the guest starts once, here, and every request restores a fresh instance from the
    /// snapshot taken right after its start-up.
    ///
    /// `module` must be a reactor exporting `initialize` and `handle`, both `() -> i32` returning an exit status
    /// (php-cgi-warm.wasm: `wasmvm_init` runs PHP's module start-up, `wasmvm_handle` serves one CGI request,
    /// reading the environment and stdin fresh). The start-up sees the configuration's arguments, static
    /// environment and preopens, and nothing of any request. Keep ``snapshot`` (e.g. in a SnapshotStore) and
    /// use ``init(module:snapshot:configuration:handle:)`` next time to skip the start-up.
    ///
    /// Requests are answered exactly as by a cold application (same limits, same response mapping, same
    /// 5xx for traps and limits); only how the instance comes to be differs.
    public static func warm(module: Module, configuration: CGIConfiguration, initialize: String = "wasmvm_init",
                            handle: String = "wasmvm_handle") throws(CGIWarmStartError) -> CGIApplication {
        try CGIWarmStart.checkEntryPoint(initialize, of: module)
        try CGIWarmStart.checkEntryPoint(handle, of: module)
        let snapshot = try CGIWarmStart.capture(module: module, configuration: configuration,
                                                arguments: CGIApplication.arguments(configuration), initialize: initialize)
        return try CGIApplication(module: module, snapshot: snapshot, configuration: configuration, handle: handle)
    }

    /// A warm application from a snapshot taken earlier by ``warm(module:configuration:initialize:handle:)``
    /// (of the same module; the snapshot is verified against it). The configuration should match the one the
    /// snapshot was taken with: the start-up may have read its arguments, environment and preopens.
    public convenience init(module: Module, snapshot: Snapshot, configuration: CGIConfiguration,
                            handle: String = "wasmvm_handle") throws(CGIWarmStartError) {
        let warm = try CGIWarmStart(snapshot: snapshot, module: module, handle: handle)
        self.init(module: module, configuration: configuration, warm: warm)
    }

    /// The snapshot every request is restored from (nil for a cold application), to store for the next start.
    public var snapshot: Snapshot? {
        if case .warm(let warm) = launch { return warm.snapshot }
        return nil
    }
}
