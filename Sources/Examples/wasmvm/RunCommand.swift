import ArgumentParser
import Foundation
import WASI
import WasmVM

/// `wasmvm run [--dir HOST[::GUEST]] [--dir-ro HOST[::GUEST]] [--env K=V] [--inherit-env] [--invoke FUNC]
/// MODULE [ARGS...]`: runs a WASI module the way the wasmtime CLI does; `wasmvm run --snapshot FILE [--module
/// PATH] [--invoke FUNC] [ARGS...]` continues a snapshot instead (see ``run(snapshot:)``).
///
/// The guest gets exactly what the options grant: the named directories, the named environment variables, and
/// this process's stdio. The exit status is the guest's (`proc_exit`, or 0 when `_start` returns); a trap prints
/// its message and Wasm stack to stderr and exits with 134, as wasmtime does on Unix.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a WASI command module (or call a function of a WASI module), or continue a snapshot.",
        discussion: """
            The guest sees only what the options grant. A module that exports `_initialize` (a reactor) has it \
            called first; then `--invoke`'s function, or the command entry point `_start`.

            With --snapshot FILE (made by `wasmvm snapshot create`) the snapshotted instance is restored instead \
            and no initialisation runs again: `--invoke`'s function, or `_start`, is called on it. The module is \
            the one the snapshot recorded, or --module's. Arguments and environment are this run's; the \
            snapshot's directories are reopened at the same descriptor numbers (--dir/--dir-ro/--map-dir may \
            give other host directories for the same guest paths, in the same order).
            """)

    @OptionGroup var wasi: WASIOptions

    @Option(name: .customLong("invoke"), help: ArgumentHelp(
        "Call this exported function instead of `_start`; ARGS are then its arguments, and its results are printed.",
        valueName: "FUNC"))
    var invoke: String?

    @Option(name: .customLong("snapshot"), help: ArgumentHelp(
        "Restore this snapshot (from `wasmvm snapshot create`) instead of instantiating MODULE; there is then no MODULE argument.",
        valueName: "FILE"))
    var snapshot: String?

    @Option(name: .customLong("module"), help: ArgumentHelp(
        "With --snapshot: the module the snapshot was taken of (default: the path the snapshot recorded).",
        valueName: "PATH"))
    var snapshotModule: String?

    @Argument(help: "The .wasm module (absent with --snapshot).")
    var module: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the guest (its argv[1...]).")
    var arguments: [String] = []

    func run() throws {
        if let snapshot {
            // Without a MODULE argument, the first positional is the guest's first argument.
            return try run(snapshot: snapshot, arguments: (module.map { [$0] } ?? []) + arguments)
        }
        guard let module else {
            printError("wasmvm: name the MODULE to run (or a snapshot with --snapshot FILE)")
            throw ExitCode.failure
        }
        if snapshotModule != nil {
            printError("wasmvm: --module only applies with --snapshot")
            throw ExitCode.failure
        }
        let compiled = try ModuleFile.module(at: module)
        var values: [Value] = []
        if let invoke {
            values = try FunctionArguments.parse(arguments, for: invoke, of: compiled, named: module)
        } else if compiled.exportedFunctionType("_start") == nil {
            printError("""
                wasmvm: \(module) exports no `_start` function, so it is not a WASI command; \
                name the function to call with --invoke FUNC
                """)
            throw ExitCode.failure
        }

        let context: WASIContext
        do {
            context = try WASIContext(try wasi.configuration(arguments: [module] + (invoke == nil ? arguments : [])))
        } catch let error as WASIConfigurationError {
            printError("wasmvm: \(error)")
            throw ExitCode.failure
        }
        do {
            let result = try context.run(compiled, invoking: invoke, arguments: values)
            for value in result.results { print(value) }
            if result.exitCode != 0 { throw ExitCode(Int32(bitPattern: result.exitCode)) }
        } catch let error as WASIRunError {
            printError(error.description)
            if case .trap = error { throw ExitCode(134) }
            throw ExitCode.failure
        }
    }
}
