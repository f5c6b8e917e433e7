import ArgumentParser
import WasmVM

/// `wasmvm validate FILE`: decodes and validates a module.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Decode and validate a module; print \"ok\" or the error with its byte offset.")

    @Argument(help: "The .wasm file.")
    var file: String

    func run() throws {
        _ = try ModuleFile.module(at: file)
        print("ok")
    }
}
