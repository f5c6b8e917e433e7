import ArgumentParser
import WasmVM

/// `wasmvm invoke FILE FUNC [ARGS...]`: instantiates a module without imports and calls one export.
struct InvokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Call an exported function of a module that has no imports; print its results, one per line.")

    @Argument(help: "The .wasm file.")
    var file: String

    @Argument(help: "The exported function to call.")
    var function: String

    // `.allUnrecognized` so that negative numbers such as `-1` are taken as values, not as options.
    @Argument(parsing: .allUnrecognized, help: "Arguments, parsed by the function's parameter types (e.g. 42, -1, 1.5).")
    var arguments: [String] = []

    func run() throws {
        let module = try ModuleFile.module(at: file)
        let values = try FunctionArguments.parse(arguments, for: function, of: module, named: file)

        let store = Store()
        let instance: Instance
        do { instance = try store.instantiate(module) } catch {
            printError("wasmvm: cannot instantiate \(file): \(error)")
            throw ExitCode.failure
        }
        do {
            for result in try instance.call(function, values) { print(result) }
        } catch {
            // The trap's description carries its reason and the Wasm stack, innermost frame first.
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
