import Synchronization

/// The bytecode interpreter: the dispatch loop (generated, in `Interpreter+Dispatch.swift`) and the slow
/// paths it calls out to. Slow paths are deliberately not inlined into the loop: keeping rare work (host
/// calls, lazy translation, growing memory, refilling fuel) out of line keeps the loop's register pressure low.
enum Interpreter {
    /// How the dispatch loop ended.
    struct Exit {
        var trap: TrapCode
        var pc: UnsafeMutablePointer<UInt64>
        var fp: UnsafeMutablePointer<CallFrame>
        var hostError: Trap?
    }

    enum SlowCallResult { case done, retry }

    /// A one-word code sequence, `halt`: the return address of every call made by the host.
    nonisolated(unsafe) static let haltCode: UnsafeMutablePointer<UInt64> = {
        let code = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        code.initialize(to: UInt64(Opcode.halt.rawValue))
        return code
    }()

    /// The memory record of instances without a memory: size 0, so every access traps on its bounds check.
    nonisolated(unsafe) static let noMemory: UnsafeMutablePointer<MemoryRecord> = {
        let record = UnsafeMutablePointer<MemoryRecord>.allocate(capacity: 1)
        record.initialize(to: MemoryRecord(base: UnsafeMutableRawPointer(haltCode), byteCount: 0, maximumPages: 0,
                                           reservedBytes: 0))
        return record
    }()

    /// Taken branches and calls between two looks at the store's fuel and deadline.
    static let budgetChunk = 1 << 16

    static func initialBudget(store: Store) -> Int {
        guard let fuel = store.fuel else { return budgetChunk }
        let take = min(fuel, UInt64(budgetChunk))
        store.fuel = fuel - take
        return Int(take)
    }

    static func returnBudget(_ budget: Int, store: Store) {
        if let fuel = store.fuel, budget > 0 { store.fuel = fuel + UInt64(budget) }
    }

    /// The budget ran out: check for interruption and the deadline, then take more fuel. Returns the new
    /// budget (> 0), or `-rawValue` of the `TrapCode` that stops the guest (see `stopReason`).
    ///
    /// The budget goes in and out by value, not `inout`: taking the address of the dispatch's `budget`
    /// variable forced it into a stack slot for the whole loop (a load and a store on every taken branch),
    /// and in a threaded handler an escaping stack address prevents the tail call to the next handler.
    @inline(never)
    static func refill(store: Store) -> Int {
        if store.interruptHandle.isInterrupted { return -Int(TrapCode.interrupted.rawValue) }
        if let deadline = store.deadline, ContinuousClock.now >= deadline { return -Int(TrapCode.interrupted.rawValue) }
        if let fuel = store.fuel {
            if fuel == 0 { return -Int(TrapCode.outOfFuel.rawValue) }
            let take = min(fuel, UInt64(budgetChunk))
            store.fuel = fuel - take
            return Int(take)
        }
        return budgetChunk
    }

    /// The trap encoded in a negative `refill` result.
    static func stopReason(_ refilled: Int) -> TrapCode {
        TrapCode(rawValue: UInt8(truncatingIfNeeded: -refilled)) ?? .interrupted
    }

    /// Copies a frame template (see `CompiledFunction.frameTemplate`). Up to eight words are copied with
    /// straight-line code; LLVM would otherwise turn a copy loop into a call to `memmove`.
    @inline(__always)
    static func copyTemplate(_ source: UnsafeMutablePointer<UInt64>?, to destination: UnsafeMutablePointer<UInt64>,
                             count: Int) {
        guard count > 0, let source else { return }
        switch count {
        case 1:
            destination[0] = source[0]
        case 2:
            destination[0] = source[0]; destination[1] = source[1]
        case 3:
            destination[0] = source[0]; destination[1] = source[1]; destination[2] = source[2]
        case 4:
            destination[0] = source[0]; destination[1] = source[1]; destination[2] = source[2]
            destination[3] = source[3]
        case 5...8:
            destination[0] = source[0]; destination[1] = source[1]; destination[2] = source[2]
            destination[3] = source[3]
            // Overlapping tail: the last four words, whatever the count.
            destination[count - 4] = source[count - 4]; destination[count - 3] = source[count - 3]
            destination[count - 2] = source[count - 2]; destination[count - 1] = source[count - 1]
        default:
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: count * 8)
        }
    }

    /// The largest frame template `copySmallTemplate` handles; larger ones take the general call path.
    /// 32 words covers the libc functions hot in C programs (`memcpy` 25, qsort's `sift`/`trinkle` 18-23,
    /// `realloc` 31); only the biggest (`malloc`'s 71) pay for the general path and its `memmove`.
    static let smallTemplateLimit = 32

    /// `copyTemplate` for at most `smallTemplateLimit` words, with no fallback to `memmove`. The threaded
    /// call fast paths use it: a `memmove` call (even one never taken) would make the handler save and
    /// restore callee-saved registers and set up a frame on every execution. Each size class is copied as
    /// two overlapping halves of fixed width (the same words may be written twice), so there is no loop
    /// for LLVM to turn back into `memmove`.
    @inline(__always)
    static func copySmallTemplate(_ source: UnsafeMutablePointer<UInt64>?, to destination: UnsafeMutablePointer<UInt64>,
                                  count: Int) {
        guard count > 0, let source else { return }
        if count <= 4 {
            if count == 1 { destination[0] = source[0]; return }
            // Two overlapping 16-byte moves cover 2...4 words.
            copyWords(2, source, destination)
            copyWords(2, source + (count - 2), destination + (count - 2))
        } else if count <= 8 {
            copyWords(4, source, destination)
            copyWords(4, source + (count - 4), destination + (count - 4))
        } else if count <= 16 {
            copyWords(8, source, destination)
            copyWords(8, source + (count - 8), destination + (count - 8))
        } else {
            copyWords(16, source, destination)
            copyWords(16, source + (count - 16), destination + (count - 16))
        }
    }

    /// Copies a fixed, small number of words (`count` is a constant at every use) with straight-line
    /// 16-byte vector moves: half the loads and stores of word moves.
    @inline(__always)
    private static func copyWords(_ count: Int, _ source: UnsafeMutablePointer<UInt64>,
                                  _ destination: UnsafeMutablePointer<UInt64>) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(destination)
        @inline(__always) func move(_ offset: Int) {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: SIMD2<UInt64>.self),
                          toByteOffset: offset, as: SIMD2<UInt64>.self)
        }
        move(0)
        if count >= 4 { move(16) }
        if count >= 8 { move(32); move(48) }
        if count >= 16 { move(64); move(80); move(96); move(112) }
    }

    @inline(never)
    static func growMemory(_ record: UnsafeMutablePointer<MemoryRecord>, by delta: UInt32, store: Store) -> Int {
        guard record != noMemory else { return -1 }
        return MemoryStorage.grow(record, by: Int(delta), limit: store.memoryPageLimit) ?? -1
    }

    @inline(never)
    static func growTable(_ record: UnsafeMutablePointer<TableRecord>, by delta: UInt32, value: UInt64) -> Int {
        TableStorage.grow(record, by: Int(delta), value: value) ?? -1
    }

    @inline(never)
    static func simdLoad(_ op: SIMDOpcode, _ address: UnsafeMutableRawPointer, size: Int) -> V128 {
        switch SIMDSemantics.kind(of: op) {
        case .load:
            return V128(low: UInt64(littleEndian: address.loadUnaligned(as: UInt64.self)),
                        high: UInt64(littleEndian: address.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        case .extendLoad:
            return SIMDSemantics.extendLoad(op, loadBits(address, size: size))
        case .splatLoad:
            return SIMDSemantics.splatLoad(op, loadBits(address, size: size))
        default:
            return SIMDSemantics.zeroLoad(op, loadBits(address, size: size))
        }
    }

    @inline(__always)
    static func loadBits(_ address: UnsafeMutableRawPointer, size: Int) -> UInt64 {
        switch size {
        case 1: UInt64(address.load(as: UInt8.self))
        case 2: UInt64(UInt16(littleEndian: address.loadUnaligned(as: UInt16.self)))
        case 4: UInt64(UInt32(littleEndian: address.loadUnaligned(as: UInt32.self)))
        default: UInt64(littleEndian: address.loadUnaligned(as: UInt64.self))
        }
    }

    @inline(__always)
    static func storeBits(_ bits: UInt64, _ address: UnsafeMutableRawPointer, size: Int) {
        switch size {
        case 1: address.storeBytes(of: UInt8(truncatingIfNeeded: bits), as: UInt8.self)
        case 2: address.storeBytes(of: UInt16(truncatingIfNeeded: bits).littleEndian, as: UInt16.self)
        case 4: address.storeBytes(of: UInt32(truncatingIfNeeded: bits).littleEndian, as: UInt32.self)
        default: address.storeBytes(of: bits.littleEndian, as: UInt64.self)
        }
    }

    // Segment instructions, out of line. Besides keeping rare work out of the loop, this matters for the
    // threaded handlers: the instance methods they call need an exclusivity-check record on the caller's stack,
    // and a handler with a live stack slot cannot end in a tail call (it would grow the native stack by one
    // frame per executed instruction). Typed throws are turned into a `Bool` here for the same reason.

    @inline(never)
    static func memoryInit(_ context: UnsafeMutablePointer<InstanceContext>, segment: Int, destination: UInt64,
                           source: UInt64, count: UInt64) -> Bool {
        do throws(Trap) {
            try context.pointee.instance.takeUnretainedValue().memoryInit(
                memory: 0, segment: segment, destination: destination, source: source, count: count)
            return true
        } catch {
            return false
        }
    }

    @inline(never)
    static func tableInit(_ context: UnsafeMutablePointer<InstanceContext>, table: Int, segment: Int,
                          destination: UInt64, source: UInt64, count: UInt64) -> Bool {
        do throws(Trap) {
            try context.pointee.instance.takeUnretainedValue().tableInit(
                table: table, segment: segment, destination: destination, source: source, count: count)
            return true
        } catch {
            return false
        }
    }

    @inline(never)
    static func dataDrop(_ context: UnsafeMutablePointer<InstanceContext>, segment: Int) {
        context.pointee.instance.takeUnretainedValue().dataDrop(segment)
    }

    @inline(never)
    static func elemDrop(_ context: UnsafeMutablePointer<InstanceContext>, segment: Int) {
        context.pointee.instance.takeUnretainedValue().elemDrop(segment)
    }

    /// A call that cannot take the fast path: a host function (run here), or a Wasm function that has not been
    /// translated yet (translated here; the caller then retries the call instruction).
    @inline(never)
    static func slowCall(_ callee: UnsafeMutablePointer<FunctionEntry>, sp: UnsafeMutablePointer<UInt64>,
                         caller: UnsafeMutablePointer<InstanceContext>, fp: UnsafeMutablePointer<CallFrame>,
                         store: Store) throws(Trap) -> SlowCallResult {
        if let host = callee.pointee.host {
            let box = host.takeUnretainedValue()
            let type = box.function.type
            let arguments = readValues(type.parameters, from: sp, store: store)
            let savedTop = (store.valueTop, store.frameTop)
            let used = max(type.parameters.count, type.results.count) * 2 + 2
            store.valueTop = sp + used
            store.frameTop = fp
            defer { (store.valueTop, store.frameTop) = savedTop }
            let instance = Instance(storage: caller.pointee.instance.takeUnretainedValue(), store: store)
            let results: [Value]
            do {
                results = try box.function.body(Caller(store: store, instance: instance), arguments)
            } catch let trap as Trap {
                throw trap
            } catch {
                throw Trap(.host(error))
            }
            try writeValues(results, types: type.results, to: sp, store: store)
            return .done
        }
        try ensureTranslated(callee)
        return .retry
    }

    /// `slowCall` for the dispatch: a thrown `Trap` is stored in `error` and reported as `nil`. Not throwing
    /// keeps the thrown value's stack slot out of the call instructions: in a threaded handler such a slot
    /// prevents the tail call to the next handler, and in both forms it enlarges the hot path's frame.
    @inline(never)
    static func slowCall(_ callee: UnsafeMutablePointer<FunctionEntry>, sp: UnsafeMutablePointer<UInt64>,
                         caller: UnsafeMutablePointer<InstanceContext>, fp: UnsafeMutablePointer<CallFrame>,
                         store: Store, error: UnsafeMutablePointer<Trap?>) -> SlowCallResult? {
        do throws(Trap) {
            return try slowCall(callee, sp: sp, caller: caller, fp: fp, store: store)
        } catch let trap {
            error.pointee = trap
            return nil
        }
    }

    static func ensureTranslated(_ entry: UnsafeMutablePointer<FunctionEntry>) throws(Trap) {
        guard let compiled = entry.pointee.code, compiled.pointee.code == nil else { return }
        let module = entry.pointee.context!.pointee.instance.takeUnretainedValue().module
        try module.translate(compiled)
    }

    static func readValues(_ types: [ValueType], from sp: UnsafeMutablePointer<UInt64>, store: Store) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(types.count)
        var slot = 0
        for type in types {
            if type == .v128 {
                values.append(.v128(V128(low: sp[slot], high: sp[slot + 1])))
            } else {
                values.append(store.value(fromRaw: sp[slot], type: type))
            }
            slot += type.slotCount
        }
        return values
    }

    static func writeValues(_ values: [Value], types: [ValueType], to sp: UnsafeMutablePointer<UInt64>,
                            store: Store) throws(Trap) {
        guard values.count == types.count, zip(values, types).allSatisfy({ $0.type == $1 }) else {
            throw Trap(.invalidArguments("expected values of types \(types), got \(values)"))
        }
        var slot = 0
        for value in values {
            store.write(value, toCell: sp + slot)
            slot += value.type.slotCount
        }
    }
}

/// Why the dispatch loop stopped (a compact code; the full ``Trap`` is built once, outside the loop).
enum TrapCode: UInt8 {
    case none
    case unreachable, integerDivideByZero, integerOverflow, invalidConversionToInteger
    case outOfBoundsMemoryAccess, outOfBoundsTableAccess, undefinedElement, uninitializedElement
    case indirectCallTypeMismatch, nullReference, callStackExhausted, outOfFuel, interrupted
    /// A host function failed or a function could not be translated: the `Trap` is in `Exit.hostError`.
    case host

    var reason: Trap.Reason {
        switch self {
        case .none, .host: .unreachable
        case .unreachable: .unreachable
        case .integerDivideByZero: .integerDivideByZero
        case .integerOverflow: .integerOverflow
        case .invalidConversionToInteger: .invalidConversionToInteger
        case .outOfBoundsMemoryAccess: .outOfBoundsMemoryAccess
        case .outOfBoundsTableAccess: .outOfBoundsTableAccess
        case .undefinedElement: .undefinedElement
        case .uninitializedElement: .uninitializedElement
        case .indirectCallTypeMismatch: .indirectCallTypeMismatch
        case .nullReference: .nullReference
        case .callStackExhausted: .callStackExhausted
        case .outOfFuel: .outOfFuel
        case .interrupted: .interrupted
        }
    }
}

/// Interrupts a store's running guest from another thread (e.g. a watchdog enforcing a request timeout).
public final class InterruptHandle: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    /// Makes the running (or next) guest call trap with ``Trap/Reason/interrupted`` at its next loop
    /// iteration or call.
    public func interrupt() { flag.store(true, ordering: .relaxed) }
    /// Clears the interruption so the store can run again.
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isInterrupted: Bool { flag.load(ordering: .relaxed) }
}
