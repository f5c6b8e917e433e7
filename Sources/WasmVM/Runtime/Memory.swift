#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Size of a WebAssembly page.
public let wasmPageSize = 65536

/// Owns one linear memory's address-space reservation.
///
/// The whole maximum (at most 4 GiB for a 32-bit memory) is reserved with `PROT_NONE` when the memory is
/// created and pages are made accessible with `mprotect` as the memory grows. The base address therefore never
/// changes, which lets the interpreter keep it in a local across calls and `memory.grow`, and lets a snapshot
/// restore map a template copy-on-write at the same place.
final class MemoryStorage {
    let record: UnsafeMutablePointer<MemoryRecord>
    /// The maximum from the memory's type, used when it is matched against an import.
    let declaredMax: UInt64?

    init(type: MemoryType) throws(InstantiationError) {
        declaredMax = type.limits.max
        let maxPages = Int(min(type.limits.max ?? 65536, 65536))
        let reserved = max(maxPages * wasmPageSize, wasmPageSize)
        guard let base = mmap(nil, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              base != MAP_FAILED
        else { throw .resourceExhausted("cannot reserve \(reserved) bytes of address space for a memory") }
        record = .allocate(capacity: 1)
        record.initialize(to: MemoryRecord(base: base, byteCount: 0, maximumPages: maxPages, reservedBytes: reserved))
        guard grow(by: Int(type.limits.min)) != nil else {
            throw .resourceExhausted("cannot commit \(type.limits.min) pages of memory")
        }
    }

    deinit {
        munmap(record.pointee.base, record.pointee.reservedBytes)
        record.deallocate()
    }

    /// Grows by `delta` pages; returns the old size in pages, or nil (as `memory.grow`'s -1) if that is not possible.
    func grow(by delta: Int, limit: Int? = nil) -> Int? { Self.grow(record, by: delta, limit: limit) }

    /// `memory.grow` on a raw record (the interpreter's path). `limit` is the store's page cap, if any.
    static func grow(_ record: UnsafeMutablePointer<MemoryRecord>, by delta: Int, limit: Int?) -> Int? {
        let oldPages = record.pointee.byteCount / wasmPageSize
        var maximum = record.pointee.maximumPages
        if let limit { maximum = min(maximum, limit) }
        guard delta >= 0, oldPages + delta <= maximum else { return nil }
        if delta == 0 { return oldPages }
        let oldBytes = record.pointee.byteCount
        let newBytes = (oldPages + delta) * wasmPageSize
        guard mprotect(record.pointee.base + oldBytes, newBytes - oldBytes, PROT_READ | PROT_WRITE) == 0 else { return nil }
        record.pointee.byteCount = newBytes
        return oldPages
    }
}

/// A linear memory, as the host sees it.
///
/// Host functions (WASI, for example) read and write guest memory through this handle. Offsets are checked:
/// an access outside the memory throws ``Trap`` with reason ``Trap/Reason/outOfBoundsMemoryAccess``.
///
/// ```swift
/// let memory = instance.exportedMemory("memory")!
/// try memory.write([1, 2, 3], at: 1024)
/// let bytes = try memory.read(at: 1024, count: 3)
/// ```
public struct Memory {
    let storage: MemoryStorage
    var record: UnsafeMutablePointer<MemoryRecord> { storage.record }

    /// Current size in bytes.
    public var byteCount: Int { record.pointee.byteCount }
    /// Current size in pages of 64 KiB.
    public var pageCount: Int { record.pointee.byteCount / wasmPageSize }
    /// The maximum size in pages.
    public var maximumPageCount: Int { record.pointee.maximumPages }

    /// Grows the memory by `pages`; returns the previous page count, or nil if the maximum would be exceeded.
    @discardableResult
    public func grow(by pages: Int) -> Int? { storage.grow(by: pages) }

    /// Calls `body` with the memory's current bytes. The buffer is only valid inside `body`, and only until the
    /// guest runs again (growing does not move memory, but a snapshot restore may replace it).
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: record.pointee.base, count: record.pointee.byteCount))
    }

    @inline(__always)
    func checkedPointer(_ offset: UInt64, _ count: Int) throws(Trap) -> UnsafeMutableRawPointer {
        let end = offset.addingReportingOverflow(UInt64(count))
        guard !end.overflow, end.partialValue <= UInt64(record.pointee.byteCount) else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        return record.pointee.base + Int(offset)
    }

    /// Copies `count` bytes starting at `offset` out of the memory.
    public func read(at offset: UInt64, count: Int) throws(Trap) -> [UInt8] {
        let pointer = try checkedPointer(offset, count)
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Copies `bytes` into the memory at `offset`.
    public func write<C: Collection>(_ bytes: C, at offset: UInt64) throws(Trap) where C.Element == UInt8 {
        let pointer = try checkedPointer(offset, bytes.count)
        UnsafeMutableRawBufferPointer(start: pointer, count: bytes.count).copyBytes(from: bytes)
    }

    /// Reads a little-endian integer at `offset`.
    public func load<T: FixedWidthInteger>(_ type: T.Type = T.self, at offset: UInt64) throws(Trap) -> T {
        T(littleEndian: try checkedPointer(offset, MemoryLayout<T>.size).loadUnaligned(as: T.self))
    }

    /// Writes a little-endian integer at `offset`.
    public func store<T: FixedWidthInteger>(_ value: T, at offset: UInt64) throws(Trap) {
        try checkedPointer(offset, MemoryLayout<T>.size).storeBytes(of: value.littleEndian, as: T.self)
    }

    /// Reads a UTF-8 string of `count` bytes at `offset` (invalid sequences are repaired).
    public func string(at offset: UInt64, count: Int) throws(Trap) -> String {
        let pointer = try checkedPointer(offset, count)
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}
