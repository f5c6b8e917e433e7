import Foundation
import Synchronization

/// A fixed set of threads that run blocking, CPU-bound jobs (guest instances) for async callers.
///
/// Why not run `CGIApplication.handle` in the request task: it is synchronous and runs for milliseconds to
/// seconds. On a cooperative-pool thread it would starve every other task (including the ones that accept
/// connections and write responses); on a NIO event loop it would stall every connection of that loop. Dedicated
/// threads, as many as there are cores, keep the CPU busy with guests while the event loops stay responsive, and
/// queueing beyond that is cheaper than oversubscribing the cores with interpreter threads.
final class WorkerThreadPool: Sendable {
    enum Failure: Error { case overloaded }

    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var head = 0
        var busy = 0
        var queued: Int { jobs.count - head }
    }

    let threadCount: Int
    /// Jobs allowed to wait for a thread; more are refused so that an overload answers 503 quickly instead of
    /// growing an unbounded queue of requests whose clients have long given up.
    let maximumQueued: Int
    private let state = Mutex(State())
    private let wakeUp = NSCondition()

    init(threadCount: Int, maximumQueued: Int) {
        self.threadCount = max(1, threadCount)
        self.maximumQueued = maximumQueued
        for index in 0..<self.threadCount {
            let thread = Thread { [self] in workLoop() }
            thread.name = "php-server worker \(index)"
            // Deep guest call chains run on the interpreter's own stack, but give host frames room anyway.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `job` on a worker thread and returns its result; throws `overloaded` if the queue is full.
    func run<Result: Sendable>(_ job: @escaping @Sendable () -> Result) async throws(Failure) -> Result {
        let result: Result? = await withCheckedContinuation { continuation in
            let accepted = enqueue { continuation.resume(returning: job()) }
            if !accepted { continuation.resume(returning: nil) }
        }
        guard let result else { throw .overloaded }
        return result
    }

    /// Queues `job` without waiting for it; throws `overloaded` if the queue is full. For jobs that report their
    /// progress elsewhere (a streamed response), so the caller can go on before the job ends.
    func submit(_ job: @escaping @Sendable () -> Void) throws(Failure) {
        guard enqueue(job) else { throw .overloaded }
    }

    /// Jobs waiting and running right now (for the startup banner and diagnostics).
    var load: (running: Int, queued: Int) { state.withLock { ($0.busy, $0.queued) } }

    private func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard state.queued < maximumQueued else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted {
            wakeUp.lock()
            wakeUp.signal()
            wakeUp.unlock()
        }
        return accepted
    }

    private func nextJob() -> (@Sendable () -> Void)? {
        state.withLock { state in
            guard state.head < state.jobs.count else { return nil }
            let job = state.jobs[state.head]
            state.head += 1
            state.busy += 1
            // Compact once the consumed front dominates, so the array does not grow forever.
            if state.head > 64 && state.head * 2 > state.jobs.count {
                state.jobs.removeFirst(state.head)
                state.head = 0
            }
            return job
        }
    }

    private func workLoop() {
        while true {
            if let job = nextJob() {
                job()
                state.withLock { $0.busy -= 1 }
                continue
            }
            wakeUp.lock()
            // Re-check under the condition's lock: a job enqueued between `nextJob()` and here signalled
            // before we waited, so only sleep if the queue is still empty.
            if state.withLock({ $0.queued == 0 }) { wakeUp.wait() }
            wakeUp.unlock()
        }
    }
}
