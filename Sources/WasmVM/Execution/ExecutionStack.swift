#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The interpreter's stacks: a value stack of 8-byte slots that holds every frame's locals, constants and
/// operands, and a separate stack of call frames (return address, caller's frame base and context).
///
/// Wasm calls never recurse on the native stack: a call pushes a `CallFrame` and continues in the same loop,
/// so a deeply recursive guest exhausts these bounded stacks (a clean trap) and never the host's own stack.
/// Both are reserved with `mmap` and only touched pages become resident, so a store that runs a shallow
/// program costs little memory.
final class ExecutionStack {
    /// 4 Mi slots = 32 MiB of address space for values.
    static let valueSlotCount = 4 << 20
    /// Maximum call depth.
    static let frameCount = 100_000

    let values: UnsafeMutablePointer<UInt64>
    let valuesEnd: UnsafeMutablePointer<UInt64>
    let frames: UnsafeMutablePointer<CallFrame>
    let framesEnd: UnsafeMutablePointer<CallFrame>

    init() {
        let valueBytes = Self.valueSlotCount * 8
        let frameBytes = Self.frameCount * MemoryLayout<CallFrame>.stride
        let v = mmap(nil, valueBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)!
        let f = mmap(nil, frameBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)!
        precondition(v != MAP_FAILED && f != MAP_FAILED, "cannot reserve the interpreter's stacks")
        values = v.bindMemory(to: UInt64.self, capacity: Self.valueSlotCount)
        valuesEnd = values + Self.valueSlotCount
        frames = f.bindMemory(to: CallFrame.self, capacity: Self.frameCount)
        framesEnd = frames + Self.frameCount
    }

    deinit {
        munmap(values, Self.valueSlotCount * 8)
        munmap(frames, Self.frameCount * MemoryLayout<CallFrame>.stride)
    }
}

/// A suspended caller: where to continue, its frame base and its instance context.
struct CallFrame {
    var returnPC: UnsafeMutablePointer<UInt64>
    var sp: UnsafeMutablePointer<UInt64>
    var context: UnsafeMutablePointer<InstanceContext>
    /// The callee's entry, for stack traces.
    var callee: UnsafeMutablePointer<FunctionEntry>
}
