import WasmVM

extension WASIContext {
    /// The import module name of every function.
    public static let moduleName = "wasi_snapshot_preview1"

    /// The names of all the functions ``define(into:)`` registers.
    public static var functionNames: [String] { WASIFunction.all.map(\.name) + ["proc_exit"] }

    /// Registers every `wasi_snapshot_preview1` function, bound to this context, in `imports`.
    ///
    /// The functions reach guest memory through the calling instance's memory 0. `proc_exit` unwinds the guest by
    /// throwing ``WASIExit``, which reaches the embedder as `Trap(reason: .host(WASIExit))`.
    public func define(into imports: inout Imports) {
        for function in WASIFunction.all {
            imports.define(module: Self.moduleName, name: function.name,
                           HostFunction(parameters: function.parameters, results: [.i32]) { caller, arguments in
                [.i32(UInt32(self.perform(function, memory: caller.memory, arguments).rawValue))]
            })
        }
        imports.define(module: Self.moduleName, name: "proc_exit", HostFunction(parameters: [.i32]) { _, arguments in
            throw WASIExit(code: WASIArguments(values: arguments)[0])
        })
    }

    /// Calls the WASI function `name` directly, with `memory` as the guest's memory, and returns its `errno`.
    ///
    /// For embedders that drive a guest through their own host functions, and for tests. `proc_exit` throws
    /// ``WASIExit``; an unknown name is `nosys`.
    public func call(_ name: String, _ arguments: [Value], memory: Memory?) throws(WASIExit) -> WASIErrno {
        if name == "proc_exit" { throw WASIExit(code: WASIArguments(values: arguments)[0]) }
        guard let function = WASIFunction.byName[name] else { return .notImplemented }
        guard arguments.count == function.parameters.count,
              zip(arguments, function.parameters).allSatisfy({ $0.type == $1 })
        else { return .invalid }
        return perform(function, memory: memory, arguments)
    }

    /// Runs one function with guest memory mapped for the duration of the call.
    private func perform(_ function: WASIFunction, memory: Memory?, _ arguments: [Value]) -> WASIErrno {
        let wrapped = WASIArguments(values: arguments)
        func body(_ bytes: UnsafeMutableRawBufferPointer) -> WASIErrno {
            do {
                try function.implementation(self, GuestMemory(bytes: bytes), wrapped)
                return .success
            } catch {
                return error
            }
        }
        guard let memory else { return body(UnsafeMutableRawBufferPointer(start: nil, count: 0)) }
        return memory.withUnsafeMutableBytes(body)
    }
}
