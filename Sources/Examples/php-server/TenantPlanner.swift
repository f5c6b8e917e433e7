import ArgumentParser
import WasmVM

/// What the command line says about locations whose configuration has no `WasmSnapshot` directive.
enum SnapshotDefault: String, ExpressibleByArgument, Sendable {
    /// The demo runs warm when the warm guest exists (else cold, with a log line); configured locations cold.
    case auto
    case on
    case off
}

/// One location, decided: which module file it runs and whether warm or cold. Built before any tenant starts, so
/// that `--check-config` can print it and a bad module stops the server before it listens.
struct TenantPlan {
    var location: LocationConfiguration
    var modulePath: String
    var module: Module
    /// For a location that is warm only because warm was possible (the demo under `--snapshot auto`): the cold
    /// plan to use if building the snapshot fails after all, so the demo still serves.
    var coldFallback: (() throws(TenantPlanError) -> TenantPlan)?

    /// One line for `--check-config`: everything that decides how a request of this location runs.
    var summary: String {
        var parts = ["<Location \(location.urlPrefix)>", "module \(modulePath)"]
        if let root = location.documentRoot { parts.append("root \(root)") } else { parts.append("module endpoint") }
        parts.append(location.enableCGI ? "CGI" : "WASI stdout")
        if location.isWarm {
            parts.append("warm (init \(location.snapshotInitializer), per request \(location.effectiveEntryPoint), "
                         + "store \(location.snapshotStorePath ?? "none"))")
        } else {
            parts.append("cold (entry \(location.effectiveEntryPoint))")
        }
        for preopen in location.preopens {
            parts.append("dir \(preopen.guestPath)=\(preopen.hostPath) \(preopen.access == .readOnly ? "ro" : "rw")")
        }
        return parts.joined(separator: "; ")
    }
}

/// A reason the server cannot start, with the exit status the documentation promises: 1 for a module that cannot
/// be read or decoded, 2 for a configuration that does not fit the module.
struct TenantPlanError: Error {
    var message: String
    var exitCode: Int32
}

/// Turns parsed locations into plans: resolves each location's module (the cold default, the warm default, or
/// its own `WasmModule`), decodes every module file once, checks the entry points against the exports, and
/// settles warm versus cold.
struct TenantPlanner {
    let defaultModule: String
    /// `--warm-module`; nil means `php-cgi-warm.wasm` beside the default module.
    let warmModule: String?
    let snapshotDefault: SnapshotDefault
    let isDemo: Bool
    let say: (String) -> Void

    private var warmModuleDefault: String {
        if let warmModule { return warmModule }
        let directory = defaultModule.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        return (directory.isEmpty && !defaultModule.hasPrefix("/") ? "" : directory + "/") + "php-cgi-warm.wasm"
    }

    func plans(for locations: [LocationConfiguration]) throws(TenantPlanError) -> [TenantPlan] {
        var modules: [String: Module] = [:]
        var plans: [TenantPlan] = []
        for var location in locations {
            let wanted = location.snapshot ?? (location.enableCGI ? commandLineChoice : false)
            if wanted == nil || wanted == true {
                location.snapshot = true
                let path = absolute(location.modulePath ?? warmModuleDefault)
                switch warmModuleProblem(path, location, &modules) {
                case nil:
                    var plan = TenantPlan(location: location, modulePath: path, module: modules[path]!)
                    if wanted == nil {
                        var cold = location
                        cold.snapshot = false
                        cold.snapshotStorePath = nil
                        plan.coldFallback = { () throws(TenantPlanError) in
                            var modules: [String: Module] = [:]
                            return try self.coldPlan(cold, &modules)
                        }
                    }
                    plans.append(plan)
                    continue
                case let problem? where wanted == true:
                    throw problem
                case let problem?:
                    say("php-server: \(location.urlPrefix): no warm guest (\(problem.message)); running cold")
                    location.snapshot = false
                    location.snapshotStorePath = nil
                }
            }
            plans.append(try coldPlan(location, &modules))
        }
        return plans
    }

    private func coldPlan(_ location: LocationConfiguration,
                          _ modules: inout [String: Module]) throws(TenantPlanError) -> TenantPlan {
        let path = absolute(location.modulePath ?? defaultModule)
        let module = try load(path, location, &modules)
        guard exports(module, location.effectiveEntryPoint) else {
            throw TenantPlanError(message: "\(path) exports no function `\(location.effectiveEntryPoint)` "
                                  + "(location \(location.urlPrefix))", exitCode: 2)
        }
        return TenantPlan(location: location, modulePath: path, module: module)
    }

    /// nil: decide per location (auto: warm for the demo only, if possible).
    private var commandLineChoice: Bool? {
        switch snapshotDefault {
        case .on: true
        case .off: false
        case .auto: isDemo ? nil : false
        }
    }

    /// Why the warm module cannot serve this location, or nil when it can.
    private func warmModuleProblem(_ path: String, _ location: LocationConfiguration,
                                   _ modules: inout [String: Module]) -> TenantPlanError? {
        let module: Module
        do { module = try load(path, location, &modules) } catch { return error }
        for name in [location.snapshotInitializer, location.effectiveEntryPoint] where !exports(module, name) {
            return TenantPlanError(message: "\(path) exports no function `\(name)`, which WasmSnapshot On needs "
                                   + "(location \(location.urlPrefix))", exitCode: 2)
        }
        return nil
    }

    private func load(_ path: String, _ location: LocationConfiguration,
                      _ modules: inout [String: Module]) throws(TenantPlanError) -> Module {
        if let module = modules[path] { return module }
        guard let bytes = HostPath.readFile(path) else {
            throw TenantPlanError(message: "cannot read the module \(path) (needed by location \(location.urlPrefix)); "
                                  + "build it with Guests/php/build.sh, or pass --module / --warm-module",
                                  exitCode: 1)
        }
        let start = ContinuousClock.now
        do {
            let module = try Module(bytes: bytes)
            say("php-server: loaded \(path) (\(bytes.count / 1024) KiB) in \(ContinuousClock.now - start)")
            modules[path] = module
            return module
        } catch {
            throw TenantPlanError(message: "\(path) is not a valid module: \(error)", exitCode: 1)
        }
    }

    private func exports(_ module: Module, _ name: String) -> Bool {
        module.exports.contains { $0.name == name && $0.kind == .function }
    }

    private func absolute(_ path: String) -> String {
        HostPath.absolute(path, relativeTo: HostPath.currentDirectory())
    }
}
