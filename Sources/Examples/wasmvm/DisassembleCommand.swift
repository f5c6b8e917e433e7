import ArgumentParser
import WasmVM

/// `wasmvm disassemble FILE FUNC...`: shows the interpreter bytecode the tier-0 translator makes of functions.
struct DisassembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disassemble",
        abstract: "Print the interpreter bytecode of functions (by export name or index)."
    )

    @Argument(help: "The module file.") var file: String
    @Argument(help: "Exported function names or function indices.") var functions: [String]

    func run() throws {
        let module = try ModuleFile.module(at: file)
        for function in functions {
            let index: UInt32
            if let number = UInt32(function) {
                index = number
            } else if let export = module.exports.first(where: { $0.name == function && $0.kind == .function }) {
                index = export.index
            } else {
                printError("wasmvm: no exported function named \(function)")
                throw ExitCode.failure
            }
            print("func \(index)\(module.functionName(at: index).map { " $\($0)" } ?? "") \(module.functionType(at: index)?.description ?? ""):")
            do { print(try module.disassemble(functionIndex: index)) } catch {
                printError("wasmvm: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
