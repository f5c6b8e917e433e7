#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `fd_read`/`fd_write` on an embedder's ``WASIStreamReader`` or ``WASIStreamWriter``.
///
/// The guest's I/O vectors point into its linear memory, so the reader fills them and the writer reads from them
/// directly: a streamed body crosses the host boundary with no intermediate copy.
extension WASIContext {
    /// Fills the vectors in order until one comes back short (the reader has nothing more right now, or the
    /// stream ended), as `readv` does.
    static func read(from reader: any WASIStreamReader, into vectors: UnsafeMutableBufferPointer<iovec>) -> Int {
        var total = 0
        for vector in vectors where vector.iov_len > 0 {
            let buffer = UnsafeMutableRawBufferPointer(start: vector.iov_base, count: vector.iov_len)
            // A misbehaving reader must not make the guest believe more was read than its buffer holds.
            let n = max(0, min(reader.read(into: buffer), vector.iov_len))
            total += n
            if n < vector.iov_len { break }
        }
        return total
    }

    /// Hands the vectors to the writer in order until it takes fewer bytes than offered; nothing taken at all
    /// (for a non-empty write) is `nospc`, as for a full ``WASIOutputBuffer``.
    static func write(_ vectors: UnsafeMutableBufferPointer<iovec>, to writer: any WASIStreamWriter) throws(WASIErrno) -> Int {
        var taken = 0, asked = 0
        for vector in vectors where vector.iov_len > 0 {
            asked += vector.iov_len
            let n = max(0, min(writer.write(UnsafeRawBufferPointer(start: vector.iov_base, count: vector.iov_len)),
                               vector.iov_len))
            taken += n
            if n < vector.iov_len { break }
        }
        if taken == 0 && asked > 0 { throw .noSpace }
        return taken
    }
}
