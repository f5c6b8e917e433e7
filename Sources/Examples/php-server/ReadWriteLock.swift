#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking readers-writer lock, taken on worker threads around a guest run (``LocationConfiguration/serializeWrites``).
///
/// The PHP guest's SQLite has no-op file locks, so two instances writing one database file would corrupt it and
/// a reader running beside a writer could see a half-written page. Holding this lock shared for safe methods and
/// exclusively for unsafe ones restores SQLite's own rule (many readers or one writer) at the request level.
/// Blocking is fine here: the caller is a worker thread whose only job is this request.
final class ReadWriteLock: @unchecked Sendable {
    // @unchecked: the pthread lock is the synchronisation; its storage is allocated once and never moves.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func withLock<Result>(exclusive: Bool, _ body: () throws -> Result) rethrows -> Result {
        if exclusive { pthread_rwlock_wrlock(lock) } else { pthread_rwlock_rdlock(lock) }
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
