import Synchronization

/// An in-memory sink for a guest's stdout or stderr that the embedder reads back (a response body, a test's
/// expected output).
///
/// It is a class so the embedder keeps a handle while the configuration is copied into a ``WASIContext``; a mutex
/// makes it safe to read from another thread while a guest writes.
public final class WASIOutputBuffer: Sendable {
    private let storage = Mutex<[UInt8]>([])
    /// The most bytes the buffer accepts; writes past it fail with `nospc`, so a runaway guest cannot exhaust
    /// host memory.
    public let limit: Int?

    public init(limit: Int? = nil) {
        self.limit = limit
    }

    /// Everything written so far.
    public var bytes: [UInt8] { storage.withLock { $0 } }

    /// Everything written so far, decoded as UTF-8 (invalid sequences repaired).
    public var text: String { storage.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Forgets everything written so far (to reuse the buffer for another run).
    public func removeAll() { storage.withLock { $0.removeAll(keepingCapacity: true) } }

    /// Appends as much of `chunk` as the limit allows; returns how many bytes were taken.
    func append(_ chunk: UnsafeRawBufferPointer) -> Int {
        storage.withLock { bytes in
            let room = limit.map { max(0, $0 - bytes.count) } ?? chunk.count
            let taken = min(room, chunk.count)
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<taken]))
            return taken
        }
    }
}
