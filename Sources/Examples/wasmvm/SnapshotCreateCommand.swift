import ArgumentParser
import Foundation
import WASI
import WasmVM

/// `wasmvm snapshot create [--init FUNC] [--dir ...] [--env ...] MODULE [ARGS...] -o FILE`: instantiates a WASI
/// module, initializes it, and writes a snapshot of the initialized instance.
///
/// The snapshot holds the instance and the WASI context's "wasi" extension (arguments, environment, the
/// preopened directories at their descriptor numbers), plus the CLI's own "wasmvm.cli" extension with the
/// module's absolute path, which `wasmvm run --snapshot FILE` uses to find the module again.
struct SnapshotCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Initialize a WASI module and write a snapshot of the initialized instance.",
        discussion: """
            The module is instantiated with the WASI world the options describe; `_initialize` runs if the module \
            exports it, then --init's function. Files the guest opened must be closed by then (only stdio and the \
            preopened directories can be captured). Guest arguments that start with "-" go after "--".
            """)

    @OptionGroup var wasi: WASIOptions

    @Option(name: .customLong("init"), help: ArgumentHelp(
        "An exported function (without parameters) to call after `_initialize`, before the snapshot is taken.",
        valueName: "FUNC"))
    var initFunction: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The snapshot file to write.", valueName: "FILE"))
    var output: String

    @Argument(help: "The .wasm module.")
    var module: String

    @Argument(help: "Arguments for the guest (its argv[1...]).")
    var arguments: [String] = []

    func run() throws {
        let compiled = try ModuleFile.module(at: module)
        if let initFunction {
            guard let type = compiled.exportedFunctionType(initFunction) else {
                printError("wasmvm: \(module) exports no function named \"\(initFunction)\"")
                throw ExitCode.failure
            }
            guard type.parameters.isEmpty else {
                printError("wasmvm: --init \(initFunction) must take no parameters; it has type \(type)")
                throw ExitCode.failure
            }
        }
        var configuration = try wasi.configuration(arguments: [module] + arguments)
        // The snapshot records host directories for `run --snapshot` to reopen, possibly from another working
        // directory: make them absolute (the guest paths stay as given, they are what the guest remembers).
        for index in configuration.preopens.indices {
            configuration.preopens[index].hostPath = Self.absolute(configuration.preopens[index].hostPath)
        }
        let context = try Self.context(configuration)
        var imports = Imports()
        context.define(into: &imports)
        let instance: Instance
        do { instance = try Store().instantiate(compiled, imports: imports) } catch {
            printError("wasmvm: cannot instantiate \(module): \(error)")
            throw ExitCode.failure
        }
        for function in ["_initialize"].filter({ compiled.exportedFunctionType($0) != nil }) + [initFunction].compactMap({ $0 }) {
            do { _ = try instance.call(function) } catch {
                if let exit = WASIExit(error) {
                    printError("wasmvm: the guest exited with status \(exit.code) during \(function); no snapshot written")
                    throw ExitCode.failure
                }
                printError(error.description)
                throw ExitCode(134)
            }
        }

        let snapshot: Snapshot
        do {
            let info = CLISnapshotInfo(modulePath: Self.absolute(module))
            snapshot = try instance.snapshot(extensions: [try context.snapshotExtension(), info.snapshotExtension])
        } catch let error as WASISnapshotError {
            printError("wasmvm: \(error)")
            throw ExitCode.failure
        } catch {
            printError("wasmvm: \(error)")
            throw ExitCode.failure
        }
        guard FileManager.default.createFile(atPath: output, contents: Data(snapshot.bytes)) else {
            printError("wasmvm: cannot write \(output)")
            throw ExitCode.failure
        }
        withExtendedLifetime(context) {}
    }

    /// The guest's context; a directory that cannot be opened ends the command with exit status 1.
    private static func context(_ configuration: WASIConfiguration) throws -> WASIContext {
        do { return try WASIContext(configuration) } catch {
            printError("wasmvm: \(error)")
            throw ExitCode.failure
        }
    }

    /// `path` made absolute against the current directory.
    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
