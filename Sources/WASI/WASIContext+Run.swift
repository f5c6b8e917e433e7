import WasmVM

/// How a WASI run ended normally: the exit status and, for an invoked function, its results.
public struct WASIRunResult: Sendable {
    /// `proc_exit`'s status, or 0 when the entry function returned.
    public var exitCode: UInt32
    /// The invoked function's results (empty for `_start` or after `proc_exit`).
    public var results: [Value]
}

/// Why a WASI run did not end normally.
public enum WASIRunError: Error, Sendable, CustomStringConvertible {
    case instantiation(InstantiationError)
    /// The guest trapped (other than by `proc_exit`).
    case trap(Trap)
    /// The module exports no `_start`, and no function to invoke was named.
    case noEntryPoint
    /// The function to invoke is not an exported function.
    case noSuchFunction(String)

    public var description: String {
        switch self {
        case .instantiation(let error): "\(error)"
        case .trap(let trap): "\(trap)"
        case .noEntryPoint:
            "the module exports no `_start` function; it is not a WASI command (name a function to invoke instead)"
        case .noSuchFunction(let name): "the module exports no function named `\(name)`"
        }
    }
}

extension WASIContext {
    /// Instantiates `module` with this context's WASI functions (plus `imports`), and runs it: a reactor's
    /// `_initialize` first if it exports one, then `function` if given, else the command entry point `_start`.
    /// `proc_exit` becomes the result's exit code; any other trap is thrown.
    public func run(_ module: Module, in store: Store = Store(), imports: Imports = Imports(),
                    invoking function: String? = nil, arguments: [Value] = []) throws(WASIRunError) -> WASIRunResult {
        var imports = imports
        define(into: &imports)
        let instance: Instance
        do {
            instance = try store.instantiate(module, imports: imports)
        } catch {
            if case .trapped(let trap) = error, let exit = WASIExit(trap) {
                return WASIRunResult(exitCode: exit.code, results: [])
            }
            throw .instantiation(error)
        }
        let name = function ?? "_start"
        guard let entry = instance.exportedFunction(name) else {
            throw function == nil ? .noEntryPoint : .noSuchFunction(name)
        }
        do {
            if let initialize = instance.exportedFunction("_initialize") { _ = try initialize.call() }
            return WASIRunResult(exitCode: 0, results: try entry.call(arguments))
        } catch {
            if let exit = WASIExit(error) { return WASIRunResult(exitCode: exit.code, results: []) }
            throw .trap(error)
        }
    }
}
