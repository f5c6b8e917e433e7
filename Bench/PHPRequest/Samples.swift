import Foundation

/// Per-request wall times of one mode and script, in milliseconds.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        values.append(Double(seconds) * 1e3 + Double(attoseconds) / 1e15)
    }

    var count: Int { values.count }

    /// The median, not the mean: on a shared 2-core VM a few runs always land behind someone else's compile, and
    /// one 200 ms outlier would move a mean of 2 ms runs more than any effect being measured.
    var median: Double { quantile(0.5) }
    var p90: Double { quantile(0.9) }

    /// Nearest-rank quantile.
    func quantile(_ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// Times `body` on the continuous clock.
func measure<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (T, Duration) {
    let start = ContinuousClock.now
    let result = try body()
    return (result, ContinuousClock.now - start)
}

/// The calling thread's CPU time (user + system). The in-process modes run the guest on the calling thread, so
/// the difference around a request is the CPU it cost, whatever else the machine was doing.
func threadCPUTime() -> Duration {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
}
