import ArgumentParser
import Foundation
import WASI
import WasmVM

/// `wasmvm run [--dir HOST[::GUEST]] [--dir-ro HOST[::GUEST]] [--env K=V] [--inherit-env] [--invoke FUNC]
/// MODULE [ARGS...]`: runs a WASI module the way the wasmtime CLI does.
///
/// The guest gets exactly what the options grant: the named directories, the named environment variables, and
/// this process's stdio. The exit status is the guest's (`proc_exit`, or 0 when `_start` returns); a trap prints
/// its message and Wasm stack to stderr and exits with 134, as wasmtime does on Unix.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a WASI command module (or call a function of a WASI module).",
        discussion: """
            The guest sees only what the options grant. A module that exports `_initialize` (a reactor) has it \
            called first; then `--invoke`'s function, or the command entry point `_start`.
            """)

    @Option(name: .customLong("dir"), help: ArgumentHelp(
        "Give the guest a host directory, read-write; it sees it as GUEST (default: the same path).",
        valueName: "HOST[::GUEST]"))
    var directories: [String] = []

    @Option(name: .customLong("dir-ro"), help: ArgumentHelp(
        "Give the guest a host directory, read-only.", valueName: "HOST[::GUEST]"))
    var readOnlyDirectories: [String] = []

    @Option(name: .customLong("env"), help: ArgumentHelp("Set an environment variable for the guest.", valueName: "NAME=VALUE"))
    var environment: [String] = []

    @Flag(name: .customLong("inherit-env"), help: "Pass this process's whole environment to the guest.")
    var inheritEnvironment = false

    @Option(name: .customLong("invoke"), help: ArgumentHelp(
        "Call this exported function instead of `_start`; ARGS are then its arguments, and its results are printed.",
        valueName: "FUNC"))
    var invoke: String?

    @Argument(help: "The .wasm module.")
    var module: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the guest (its argv[1...]).")
    var arguments: [String] = []

    func run() throws {
        let compiled = try ModuleFile.module(at: module)
        var values: [Value] = []
        if let invoke {
            guard let type = compiled.exportedFunctionType(invoke) else {
                printError("wasmvm: \(module) exports no function named \"\(invoke)\"")
                throw ExitCode.failure
            }
            guard arguments.count == type.parameters.count else {
                printError("wasmvm: \(invoke) has type \(type) and takes \(type.parameters.count) arguments, got \(arguments.count)")
                throw ExitCode.failure
            }
            for (text, parameter) in zip(arguments, type.parameters) {
                guard let value = CommandLineValue.parse(text, as: parameter) else {
                    printError("wasmvm: cannot parse \"\(text)\" as \(parameter)")
                    throw ExitCode.failure
                }
                values.append(value)
            }
        } else if compiled.exportedFunctionType("_start") == nil {
            printError("""
                wasmvm: \(module) exports no `_start` function, so it is not a WASI command; \
                name the function to call with --invoke FUNC
                """)
            throw ExitCode.failure
        }

        let context: WASIContext
        do {
            context = try WASIContext(try configuration())
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

    /// The guest's world, from the options: nothing that was not asked for.
    private func configuration() throws -> WASIConfiguration {
        var configuration = WASIConfiguration(
            arguments: [module] + (invoke == nil ? arguments : []),
            stdin: .inherit, stdout: .inherit, stderr: .inherit)
        if inheritEnvironment {
            configuration.environment = ProcessInfo.processInfo.environment.sorted { $0.key < $1.key }
                .map { (name: $0.key, value: $0.value) }
        }
        for assignment in environment {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                printError("wasmvm: --env expects NAME=VALUE, got \"\(assignment)\"")
                throw ExitCode.failure
            }
            let name = String(assignment[..<equals]), value = String(assignment[assignment.index(after: equals)...])
            configuration.environment.removeAll { $0.name == name }
            configuration.environment.append((name: name, value: value))
        }
        for (option, access) in [(directories, WASIPreopen.Access.readWrite), (readOnlyDirectories, .readOnly)] {
            for mapping in option {
                let parts = mapping.components(separatedBy: "::")
                guard parts.count <= 2, !parts[0].isEmpty else {
                    printError("wasmvm: a directory is HOST or HOST::GUEST, got \"\(mapping)\"")
                    throw ExitCode.failure
                }
                configuration.preopens.append(WASIPreopen(hostPath: parts[0], guestPath: parts.count == 2 ? parts[1] : nil,
                                                          access: access))
            }
        }
        return configuration
    }
}
