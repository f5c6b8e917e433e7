/// The raw, address-stable records the interpreter works on.
///
/// Everything the hot loop touches lives in manually allocated memory with a fixed address: the interpreter
/// holds plain pointers to these records in local variables, so a call, a global access or a memory access
/// costs a load or two and never a retain/release, an exclusivity check or a bounds-checked array access.
/// The Swift objects that own them (``Store``, ``Instance``, ``Memory``, ``Table``, ``Global``) free them
/// when the store goes away.

/// One function as the interpreter calls it: a Wasm function of some instance, or a host function.
struct FunctionEntry {
    /// Process-wide canonical id of the function's type, so `call_indirect` checks a signature with one compare.
    var typeID: Int
    /// The compiled-code slot of a Wasm function (shared by every instance of the module); nil for host functions.
    var code: UnsafeMutablePointer<CompiledFunction>?
    /// The owning instance's context; nil for host functions.
    var context: UnsafeMutablePointer<InstanceContext>?
    /// The host function's implementation; nil for Wasm functions.
    var host: Unmanaged<HostFunctionBox>?
    /// Index of the function in its module's function index space (for stack traces).
    var functionIndex: UInt32
}

/// Per-instance state the interpreter needs without going through Swift objects.
struct InstanceContext {
    /// The instance's function index space: entry pointers (imports point at the exporter's entries).
    var functions: UnsafeMutablePointer<UnsafeMutablePointer<FunctionEntry>>
    /// The instance's global index space: each global is a 16-byte cell (v128 needs both words).
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// The instance's table index space.
    var tables: UnsafeMutablePointer<UnsafeMutablePointer<TableRecord>>
    /// Memory 0, if the instance has one.
    var memory: UnsafeMutablePointer<MemoryRecord>?
    /// Canonical type ids of the module's type section, indexed by type index.
    var typeIDs: UnsafeMutablePointer<Int>
    /// The owning instance (unretained: the store keeps instances alive as long as their contexts).
    var instance: Unmanaged<InstanceStorage>
}

/// A linear memory. `base` never moves: the full maximum is reserved as address space up front, so the
/// interpreter may keep `base` in a register across `memory.grow`; only `byteCount` changes.
struct MemoryRecord {
    var base: UnsafeMutableRawPointer
    var byteCount: Int
    var maximumPages: Int
    var reservedBytes: Int
}

/// A table of references, stored as the interpreter's raw reference words (0 is null).
struct TableRecord {
    var elements: UnsafeMutablePointer<UInt64>
    var count: Int
    var capacity: Int
    var maximum: Int?
    var elementType: ReferenceType
}

/// The translated code of one Wasm function, shared by every instance of a module.
///
/// `code` is nil until the function is first called (tier 0 translates lazily); it is written once under the
/// module's translation lock and read without a lock afterwards, so it is published with a release store.
struct CompiledFunction {
    var code: UnsafeMutablePointer<UInt64>?
    /// Number of words in `code`.
    var codeCount: Int = 0
    /// Number of slots the frame needs: params + locals + constants + maximum operand stack height.
    /// Layout: `[params | locals | constants | operand stack]`. Constants sit below the operand stack because a
    /// call places the callee's frame at the top of the caller's operand stack: anything above it would be
    /// overwritten by the callee.
    var frameSize: Int
    /// Slots occupied by the parameters (set by the caller).
    var parameterSlots: Int
    /// Slots occupied by the declared locals, which are zeroed on entry.
    var localSlots: Int
    /// The function's constant pool (in the frame at `constantsOffset`, right after the locals).
    var constants: UnsafeMutablePointer<UInt64>?
    var constantCount: Int
    var constantsOffset: Int
    /// What a call copies to the frame right after the parameters: zeros for the declared locals, then the
    /// constant pool. One copy initialises both.
    var frameTemplate: UnsafeMutablePointer<UInt64>?
    var frameTemplateCount: Int = 0
    /// Index of the function in the module's function index space.
    var functionIndex: UInt32
}

/// Raw encodings of references in interpreter slots and tables.
enum ReferenceEncoding {
    /// A funcref is the address of its `FunctionEntry`; null is 0.
    @inline(__always) static func funcRef(_ entry: UnsafeMutablePointer<FunctionEntry>?) -> UInt64 {
        entry.map { UInt64(UInt(bitPattern: $0)) } ?? 0
    }
    @inline(__always) static func functionEntry(_ raw: UInt64) -> UnsafeMutablePointer<FunctionEntry>? {
        UnsafeMutablePointer(bitPattern: UInt(raw))
    }
    /// An externref is the host's number plus one; null is 0.
    @inline(__always) static func externRef(_ value: UInt64?) -> UInt64 { value.map { $0 &+ 1 } ?? 0 }
    @inline(__always) static func externValue(_ raw: UInt64) -> UInt64? { raw == 0 ? nil : raw &- 1 }
}
