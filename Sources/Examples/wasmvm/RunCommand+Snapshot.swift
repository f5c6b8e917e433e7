import ArgumentParser
import Foundation
import WASI
import WasmVM

extension RunCommand {
    /// `wasmvm run --snapshot FILE`: restores the snapshot with a WASI context rebuilt from its "wasi" extension
    /// and this run's options, then calls `--invoke`'s function or `_start`.
    ///
    /// Every way the file or the module can be wrong — not a snapshot, damaged, of another engine version, of
    /// another module, without WASI state — is reported with the snapshot's own message and exit status 1,
    /// before anything runs.
    func run(snapshot path: String, arguments: [String]) throws {
        let file = Snapshot(bytes: try ModuleFile.bytes(at: path))
        let extensions: [SnapshotExtension]
        do { extensions = try file.extensions() } catch {
            printError("wasmvm: \(path): \(error)")
            throw ExitCode.failure
        }
        guard let modulePath = snapshotModule ?? CLISnapshotInfo(extensions)?.modulePath else {
            printError("wasmvm: \(path) does not record its module (it was not made by `wasmvm snapshot create`); "
                + "name it with --module PATH")
            throw ExitCode.failure
        }
        let compiled = try ModuleFile.module(at: modulePath)
        let template: SnapshotTemplate
        do { template = try SnapshotTemplate(file, module: compiled) } catch {
            printError("wasmvm: \(path): \(error) (\(modulePath))")
            throw ExitCode.failure
        }
        guard let state = template.extensions.first(where: { $0.name == WASIContext.snapshotExtensionName }) else {
            printError("wasmvm: \(path) holds no WASI state (no \"\(WASIContext.snapshotExtensionName)\" extension)")
            throw ExitCode.failure
        }

        let entry = invoke ?? "_start"
        var values: [Value] = []
        if let invoke {
            values = try FunctionArguments.parse(arguments, for: invoke, of: compiled, named: modulePath)
        } else if compiled.exportedFunctionType("_start") == nil {
            printError("wasmvm: \(modulePath) exports no `_start` function; name the function to call with --invoke FUNC")
            throw ExitCode.failure
        }
        let context: WASIContext
        do {
            var configuration = try wasi.configuration(arguments: [modulePath] + (invoke == nil ? arguments : []))
            if !wasi.namesDirectories { configuration.preopens = [] }  // reuse the snapshot's
            context = try WASIContext(restoring: state, configuration: configuration)
        } catch let error as WASIConfigurationError {
            printError("wasmvm: \(error)")
            throw ExitCode.failure
        }
        var imports = Imports()
        context.define(into: &imports)
        let instance: Instance
        do { instance = try Store().restore(template, imports: imports) } catch {
            printError("wasmvm: \(error)")
            throw ExitCode.failure
        }
        do {
            for value in try instance.call(entry, values) { print(value) }
        } catch {
            if let exit = WASIExit(error) {
                if exit.code != 0 { throw ExitCode(Int32(bitPattern: exit.code)) }
                return
            }
            printError(error.description)
            throw ExitCode(134)
        }
        withExtendedLifetime(context) {}
    }
}
