#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns instances and everything they allocate, and runs their code.
///
/// A store is used from one thread at a time. Everything created in it (instances, memories, tables, globals,
/// host functions) lives as long as the store: handles such as ``Instance`` and ``Memory`` keep it alive.
/// A server gives each request its own store, so a request's state disappears with it.
///
/// Resource limits are set per store: ``fuel`` bounds the work a call may do (it counts function calls and
/// loop iterations), and ``deadline`` bounds its wall-clock time; running out traps with
/// ``Trap/Reason/outOfFuel`` or ``Trap/Reason/interrupted``.
public final class Store {
    var instances: [InstanceStorage] = []
    var hostFunctions: [HostFunctionBox] = []
    var memories: [MemoryStorage] = []
    var tables: [TableStorage] = []
    var globals: [GlobalStorage] = []
    lazy var stack = ExecutionStack()
    /// While a host function called from Wasm runs, the first free value slot and call frame, so that a
    /// nested call from the host into Wasm continues above the suspended frames.
    var valueTop: UnsafeMutablePointer<UInt64>?
    /// Dispatch loops currently running in this store (more than one while a host function calls back into
    /// Wasm). Each costs native stack, so the nesting is bounded; server threads may have stacks of 512 KiB.
    var activationDepth = 0
    static let maximumActivationDepth = 64
    var frameTop: UnsafeMutablePointer<CallFrame>?

    /// Lets another thread stop this store's running guest (it traps with ``Trap/Reason/interrupted``).
    public let interruptHandle = InterruptHandle()

    /// Remaining fuel, or nil for unlimited. Decremented as the guest runs; at 0 the guest traps.
    public var fuel: UInt64?
    /// A point in time after which running guest code traps with ``Trap/Reason/interrupted``.
    public var deadline: ContinuousClock.Instant?
    /// The most memory pages any memory of this store may grow to (a per-request memory cap), or nil.
    public var memoryPageLimit: Int?

    public init() {}

    /// Instantiates `module`, resolving its imports against `imports`, running its segment initialisers and its
    /// start function.
    public func instantiate(_ module: Module, imports: Imports = Imports()) throws(InstantiationError) -> Instance {
        let storage = try InstanceStorage.instantiate(module, imports: imports, store: self)
        return Instance(storage: storage, store: self)
    }

    /// Wraps a host function so it can be put in a table or passed as an import value.
    public func function(_ host: HostFunction) -> Function {
        let box = HostFunctionBox(host)
        hostFunctions.append(box)
        return Function(entry: box.entry, store: self)
    }

    /// Creates a standalone memory (e.g. to be imported by several instances).
    public func memory(_ type: MemoryType) throws(InstantiationError) -> Memory {
        let storage = try MemoryStorage(type: type)
        memories.append(storage)
        return Memory(storage: storage)
    }

    /// Creates a standalone table.
    public func table(_ type: TableType, initialValue: Value? = nil) throws(InstantiationError) -> Table {
        let storage = try TableStorage(type: type, initialValue: initialValue.map(raw(from:)) ?? 0)
        tables.append(storage)
        return Table(storage: storage, store: self)
    }

    /// Creates a standalone global.
    public func global(_ type: GlobalType, value: Value) -> Global {
        let storage = GlobalStorage(type: type)
        write(value, toCell: storage.cell)
        globals.append(storage)
        return Global(storage: storage, store: self)
    }

    // MARK: Conversions between host values and raw slots

    func raw(from value: Value) -> UInt64 {
        switch value {
        case .i32(let v): UInt64(v)
        case .i64(let v): v
        case .f32(let v): UInt64(v)
        case .f64(let v): v
        case .v128(let v): v.low
        case .funcRef(let r): r?.rawValue ?? 0
        case .externRef(let r): ReferenceEncoding.externRef(r)
        }
    }

    func value(fromRaw raw: UInt64, type: ValueType) -> Value {
        switch type {
        case .i32: .i32(UInt32(truncatingIfNeeded: raw))
        case .i64: .i64(raw)
        case .f32: .f32(UInt32(truncatingIfNeeded: raw))
        case .f64: .f64(raw)
        case .v128: .v128(V128(low: raw, high: 0))
        case .ref(.funcRef): .funcRef(raw == 0 ? nil : FunctionReference(rawValue: raw))
        case .ref(.externRef): .externRef(ReferenceEncoding.externValue(raw))
        }
    }

    func value(fromCell cell: UnsafePointer<UInt64>, type: ValueType) -> Value {
        if type == .v128 { return .v128(V128(low: cell[0], high: cell[1])) }
        return value(fromRaw: cell[0], type: type)
    }

    func write(_ value: Value, toCell cell: UnsafeMutablePointer<UInt64>) {
        if case .v128(let v) = value {
            cell[0] = v.low
            cell[1] = v.high
        } else {
            cell[0] = raw(from: value)
        }
    }

    func function(fromRaw raw: UInt64) -> Function? {
        ReferenceEncoding.functionEntry(raw).map { Function(entry: $0, store: self) }
    }
}
