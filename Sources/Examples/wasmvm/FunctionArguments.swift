import ArgumentParser
import WasmVM

/// Command-line arguments parsed as an exported function's parameters (`invoke`, `run --invoke`).
enum FunctionArguments {
    /// The values for `function` of `module`; a missing function, a wrong count or an unparsable value ends the
    /// command with exit status 1 and a message naming it.
    static func parse(_ texts: [String], for function: String, of module: Module, named moduleName: String) throws -> [Value] {
        guard let type = module.exportedFunctionType(function) else {
            printError("wasmvm: \(moduleName) exports no function named \"\(function)\"")
            throw ExitCode.failure
        }
        guard texts.count == type.parameters.count else {
            printError("wasmvm: \(function) has type \(type) and takes \(type.parameters.count) arguments, got \(texts.count)")
            throw ExitCode.failure
        }
        var values: [Value] = []
        for (text, parameter) in zip(texts, type.parameters) {
            guard let value = CommandLineValue.parse(text, as: parameter) else {
                printError("wasmvm: cannot parse \"\(text)\" as \(parameter)")
                throw ExitCode.failure
            }
            values.append(value)
        }
        return values
    }
}
