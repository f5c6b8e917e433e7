import Foundation
import Synchronization

/// A fixed set of threads for blocking work (spawning php-cgi and waiting for it), as php-server runs its
/// guests on one thread per core.
///
/// Why the same shape as php-server's pool rather than one thread per request: the benchmark compares how a
/// request reaches PHP, so both servers must admit the same number of PHP runs at once. With one waiting
/// thread per core, at most that many php-cgi processes run at a time, each with a core to itself.
final class BlockingWorkerPool: Sendable {
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let wakeUp = NSCondition()

    init(threadCount: Int) {
        for index in 0..<max(1, threadCount) {
            let thread = Thread { [self] in workLoop() }
            thread.name = "native-cgi-server worker \(index)"
            thread.start()
        }
    }

    /// Runs `job` on a worker thread and returns its result.
    func run<Result: Sendable>(_ job: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: job()) } }
            wakeUp.lock()
            wakeUp.signal()
            wakeUp.unlock()
        }
    }

    private func workLoop() {
        while true {
            // A FIFO of a handful of entries (at most one per open connection): removeFirst is cheap enough.
            if let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                job()
                continue
            }
            wakeUp.lock()
            // Re-check under the condition's lock so a job queued since the check above is not slept through.
            if jobs.withLock({ $0.isEmpty }) { wakeUp.wait() }
            wakeUp.unlock()
        }
    }
}
