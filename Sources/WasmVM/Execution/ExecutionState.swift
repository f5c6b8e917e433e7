#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the threaded handlers share besides their register arguments (`pc`, `sp`, memory base and size).
///
/// It lives in the entry function's stack frame for one run of the dispatch; handlers reach it through the
/// `state` pointer argument and touch only the fields their instruction needs.
struct ExecutionState {
    var fp: UnsafeMutablePointer<CallFrame>
    var context: UnsafeMutablePointer<InstanceContext>
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    var budget: Int
    var trap: TrapCode
    var exitPC: UnsafeMutablePointer<UInt64>
    var hostError: Trap?
    var valuesEnd: UInt
    var framesEnd: UInt
    var store: Unmanaged<Store>
}

extension Interpreter {
    /// Which dispatch runs the bytecode. Both are generated from the same instruction table
    /// (Scripts/generate-interpreter.py) and both pass the spec suite; Docs/Dispatch.md has the measurements.
    ///
    /// Optimised builds use the threaded handlers (~10 % faster over the benchmarks, up to 25 % on
    /// straight-line code; slower only on the call-heavy `fib`); `WASMVM_DISPATCH=loop` selects the loop.
    /// Debug builds always use the loop: without optimisation the handlers' tail calls are not jumps and
    /// the native stack would grow with every instruction. That every handler of a release binary ends in
    /// a jump is checked with `python3 Scripts/generate-interpreter.py --check-tail-calls <binary>`.
    static let useThreadedDispatch: Bool = {
        #if DEBUG
        return false
        #else
        return getenv("WASMVM_DISPATCH").map { String(cString: $0) } != "loop"
        #endif
    }()

    /// Runs bytecode from `pc` in the frame at `sp` until a `halt` instruction (the return address of the
    /// host's call) is reached, or a trap.
    static func dispatch(
        pc: UnsafeMutablePointer<UInt64>,
        sp: UnsafeMutablePointer<UInt64>,
        fp: UnsafeMutablePointer<CallFrame>,
        context: UnsafeMutablePointer<InstanceContext>,
        stack: ExecutionStack,
        store: Store
    ) -> Exit {
        if useThreadedDispatch {
            return dispatchThreaded(pc: pc, sp: sp, fp: fp, context: context, stack: stack, store: store)
        }
        return dispatchLoop(pc: pc, sp: sp, fp: fp, context: context, stack: stack, store: store)
    }

    static func dispatchThreaded(
        pc: UnsafeMutablePointer<UInt64>,
        sp: UnsafeMutablePointer<UInt64>,
        fp: UnsafeMutablePointer<CallFrame>,
        context: UnsafeMutablePointer<InstanceContext>,
        stack: ExecutionStack,
        store: Store
    ) -> Exit {
        withUnsafeTemporaryAllocation(of: ExecutionState.self, capacity: 1) { buffer in
            let state = buffer.baseAddress!
            state.initialize(to: ExecutionState(
                fp: fp, context: context, globals: context.pointee.globals, budget: initialBudget(store: store),
                trap: .none, exitPC: pc, hostError: nil, valuesEnd: UInt(bitPattern: stack.valuesEnd),
                framesEnd: UInt(bitPattern: stack.framesEnd), store: Unmanaged.passUnretained(store)))
            defer { state.deinitialize(count: 1) }
            let memory = context.pointee.memory.unsafelyUnwrapped
            next(pc, sp, memory.pointee.base, UInt64(memory.pointee.byteCount), state, UnsafeRawPointer(handlers))
            returnBudget(state.pointee.budget, store: store)
            return Exit(trap: state.pointee.trap, pc: state.pointee.exitPC, fp: state.pointee.fp,
                        hostError: state.pointee.hostError)
        }
    }
}
