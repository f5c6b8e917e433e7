#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds-checked access to the calling instance's linear memory for the duration of one WASI call.
///
/// It holds the raw buffer rather than the `Memory` handle so that scatter/gather I/O can hand guest memory to
/// `readv`/`writev` directly, without copying through Swift arrays: that is the hot path of a guest writing its
/// output. Every offset the guest passes is checked against the buffer; a bad one is `fault`, never a host crash.
struct GuestMemory {
    let bytes: UnsafeMutableRawBufferPointer

    /// A pointer to `count` guest bytes at `offset`.
    @inline(__always)
    func pointer(_ offset: UInt32, count: Int) throws(WASIErrno) -> UnsafeMutableRawPointer {
        guard count >= 0, Int(offset) + count <= bytes.count else { throw .fault }
        guard let base = bytes.baseAddress else {
            // A memory of size 0: only empty accesses at offset 0 get here; any non-null address will do.
            return UnsafeMutableRawPointer(bitPattern: 1)!
        }
        return base + Int(offset)
    }

    func buffer(_ offset: UInt32, count: UInt32) throws(WASIErrno) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: try pointer(offset, count: Int(count)), count: Int(count))
    }

    @inline(__always)
    func load<T: FixedWidthInteger>(_: T.Type, at offset: UInt32) throws(WASIErrno) -> T {
        T(littleEndian: try pointer(offset, count: MemoryLayout<T>.size).loadUnaligned(as: T.self))
    }

    @inline(__always)
    func store<T: FixedWidthInteger>(_ value: T, at offset: UInt32) throws(WASIErrno) {
        try pointer(offset, count: MemoryLayout<T>.size).storeBytes(of: value.littleEndian, as: T.self)
    }

    func write(_ data: [UInt8], at offset: UInt32) throws(WASIErrno) {
        let destination = try pointer(offset, count: data.count)
        data.withUnsafeBytes { if let source = $0.baseAddress { destination.copyMemory(from: source, byteCount: $0.count) } }
    }

    /// A path or other string argument, as raw bytes; WASI requires valid UTF-8 (`ilseq` otherwise).
    func path(_ offset: UInt32, length: UInt32) throws(WASIErrno) -> [UInt8] {
        let raw = Array(UnsafeRawBufferPointer(try buffer(offset, count: length)))
        guard String(validating: raw, as: UTF8.self) != nil else { throw .illegalSequence }
        return raw
    }

    /// Translates a guest `iovec`/`ciovec` array into host `iovec`s pointing into guest memory, and calls `body`
    /// with them (on the stack for the usual small counts). Only the first `IOV_MAX` are used; the call then
    /// transfers less than asked, which the guest handles as a short read or write.
    func withIOVectors<R>(_ offset: UInt32, count: UInt32,
                          _ body: (UnsafeMutableBufferPointer<iovec>) throws(WASIErrno) -> R) throws(WASIErrno) -> R {
        let used = Int(min(count, 1024))
        _ = try pointer(offset, count: Int(count) * 8)
        return try withUnsafeTemporaryAllocation(of: iovec.self, capacity: max(used, 1)) {
            (vectors: UnsafeMutableBufferPointer<iovec>) throws(WASIErrno) -> R in
            for i in 0..<used {
                let entry = offset + UInt32(i * 8)
                let base = try load(UInt32.self, at: entry)
                let length = try load(UInt32.self, at: entry + 4)
                vectors[i] = iovec(iov_base: try pointer(base, count: Int(length)), iov_len: Int(length))
            }
            return try body(UnsafeMutableBufferPointer(rebasing: vectors[0..<used]))
        }
    }
}
