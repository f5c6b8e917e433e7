import WasmVM

/// Carrying a WASI context's state through a snapshot (Docs/SnapshotFormat.md, "The wasi extension").
///
/// The instance's memory already holds everything the guest's libc computed from its WASI world — notably the
/// table of preopened directories, keyed by descriptor number. What lives outside the instance, in this
/// context, is recorded here so a restored instance finds the same directories at the same numbers; everything
/// that belongs to one run (arguments, environment, stdio, clock, random) comes from the restoring
/// configuration instead.
extension WASIContext {
    /// The name of the snapshot extension section that holds a WASI context.
    public static let snapshotExtensionName = "wasi"

    /// Captures what a restored instance needs: arguments, environment, the preopens (descriptor number, guest
    /// path, host path, access/rights), clock and random mode. Throws a clear error naming any other open
    /// descriptor (an open file or socket cannot be captured).
    ///
    /// Descriptors 0–2 are not recorded whatever they hold: stdio belongs to each run. Take it together with
    /// the instance's snapshot, while the guest is between calls: `instance.snapshot(extensions: [try
    /// context.snapshotExtension()])`.
    public func snapshotExtension() throws(WASISnapshotError) -> SnapshotExtension {
        try snapshotState().snapshotExtension
    }

    /// The state ``snapshotExtension()`` serializes.
    public func snapshotState() throws(WASISnapshotError) -> WASISnapshotState {
        var preopens: [WASISnapshotState.Preopen] = []
        for (number, descriptor) in descriptors.open {
            if let preopen = descriptor.preopen {
                preopens.append(WASISnapshotState.Preopen(descriptor: number, preopen: preopen,
                                                          rightsBase: descriptor.rightsBase,
                                                          rightsInheriting: descriptor.rightsInheriting))
            } else if number > 2 {
                throw .openDescriptor(number: number, filetype: descriptor.filetype)
            }
        }
        let clockMode: WASISnapshotState.ClockMode = switch clock.clock {
        case .system: .system
        case .deterministic(let start, let step): .deterministic(realtimeStart: start, step: step)
        case .custom: .custom
        }
        let randomMode: WASISnapshotState.RandomMode = switch random.random {
        case .system: .system
        case .deterministic(let seed): .deterministic(seed: seed)
        case .custom: .custom
        }
        return WASISnapshotState(
            arguments: arguments.map { String(decoding: $0.dropLast(), as: UTF8.self) },
            environment: environment.map { entry in
                let text = entry.dropLast()
                let equals = text.firstIndex(of: UInt8(ascii: "=")) ?? text.endIndex
                return (String(decoding: text[..<equals], as: UTF8.self),
                        String(decoding: text[equals...].dropFirst(), as: UTF8.self))
            },
            preopens: preopens, clock: clockMode, random: randomMode)
    }

    /// A context for an instance restored from a snapshot taken with `snapshotExtension()`: the captured
    /// preopens are opened again at the same descriptor numbers with the same rights; arguments, environment,
    /// stdin/stdout/stderr, clock and random come from `configuration` (they are per run: a restored PHP reads
    /// its request's CGI variables fresh). If `configuration.preopens` is non-empty it must name the same guest
    /// paths in the same order (host paths may differ, e.g. another server's checkout) — otherwise a clear error.
    ///
    /// When the configuration gives a preopen read-only access, the restored descriptor loses every mutating
    /// right even if the captured one had them (a server may serve a snapshot's tree read-only); it never
    /// gains rights. `configuration.sockets` are added after the preopens, at the lowest free numbers.
    ///
    /// A guest that read its environment while it was being initialized keeps the copy its libc cached in
    /// memory (wasi-libc reads `environ` once, at the first `getenv`): only what it reads after the restore
    /// comes from `configuration`.
    public convenience init(restoring state: SnapshotExtension, configuration: WASIConfiguration) throws(WASIConfigurationError) {
        let captured = try WASISnapshotState(decoding: state)
        let preopens = try Self.restoredPreopens(captured.preopens, configured: configuration.preopens)
        var perRun = configuration
        perRun.preopens = []
        perRun.sockets = []
        try self.init(perRun)
        for (number, preopen, base, inheriting) in preopens {
            descriptors.place(try Self.preopenDescriptor(preopen, rightsBase: base, rightsInheriting: inheriting),
                              at: number)
        }
        for socket in configuration.sockets {
            let descriptor = try Self.socketDescriptor(socket)
            do { _ = try descriptors.insert(descriptor) } catch {
                throw WASIConfigurationError("cannot add socket descriptor \(socket): \(error)")
            }
        }
    }

    /// The captured preopens with the host paths (and possibly reduced access) of the configuration's.
    private static func restoredPreopens(_ captured: [WASISnapshotState.Preopen], configured: [WASIPreopen])
        throws(WASIConfigurationError) -> [(UInt32, WASIPreopen, WASIRights, WASIRights)] {
        guard !configured.isEmpty else {
            return captured.map { ($0.descriptor, $0.preopen, $0.rightsBase, $0.rightsInheriting) }
        }
        guard configured.map(\.guestPath) == captured.map(\.preopen.guestPath) else {
            let expected = captured.map(\.preopen.guestPath).joined(separator: ", ")
            let given = configured.map(\.guestPath).joined(separator: ", ")
            throw WASIConfigurationError("the snapshot's preopened directories are [\(expected)] (in this order); "
                + "the configuration gives [\(given)]: a restored guest finds its directories by the numbers it "
                + "saw when the snapshot was taken, so the same guest paths must be given in the same order")
        }
        return zip(captured, configured).map { entry, given in
            var preopen = given
            if entry.preopen.access == .readOnly { preopen.access = .readOnly }
            let limit = preopenRights(preopen.access)
            return (entry.descriptor, preopen, entry.rightsBase.intersection(limit.base),
                    entry.rightsInheriting.intersection(limit.inheriting))
        }
    }
}
