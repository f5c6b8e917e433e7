import ArgumentParser

/// The `wasmvm` command-line tool: validate, inspect and run WebAssembly modules, and run spec scripts.
@main
struct WasmVMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wasmvm",
        abstract: "A JIT-free WebAssembly runtime.",
        subcommands: [
            ValidateCommand.self,
            InspectCommand.self,
            InvokeCommand.self,
            SpecCommand.self,
            RunCommand.self,
            SnapshotCommand.self,
            DisassembleCommand.self,
        ]
    )
}
