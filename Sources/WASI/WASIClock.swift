#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time source a guest sees through `clock_time_get`, `clock_res_get` and `poll_oneoff` timeouts.
public enum WASIClock: Sendable {
    /// The host's clocks; `poll_oneoff` timeouts really sleep.
    case system
    /// A virtual clock for reproducible runs: realtime starts at `realtimeStart` (ns since the Unix epoch) and
    /// monotonic at 0, every reading advances both by `step` nanoseconds, and `poll_oneoff` timeouts advance
    /// them instead of sleeping.
    case deterministic(realtimeStart: UInt64 = 1_700_000_000_000_000_000, step: UInt64 = 1_000)
    /// The embedder's own time source (nanoseconds for a clock id); resolution is reported as 1 ns and
    /// `poll_oneoff` timeouts really sleep.
    case custom(@Sendable (WASIClockID) -> UInt64)
}

/// The per-context state of a ``WASIClock`` (a virtual clock's current time).
final class ClockSource {
    let clock: WASIClock
    private var virtualElapsed: UInt64 = 0

    init(_ clock: WASIClock) {
        self.clock = clock
    }

    func resolution(_ id: WASIClockID) throws(WASIErrno) -> UInt64 {
        switch clock {
        case .system:
            var spec = timespec()
            guard clock_getres(Self.hostClock(id), &spec) == 0 else { throw WASIErrno.last }
            return max(1, UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
        case .deterministic(_, let step):
            return max(step, 1)
        case .custom:
            return 1
        }
    }

    func now(_ id: WASIClockID) throws(WASIErrno) -> UInt64 {
        switch clock {
        case .system:
            var spec = timespec()
            guard clock_gettime(Self.hostClock(id), &spec) == 0 else { throw WASIErrno.last }
            return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
        case .deterministic(let start, let step):
            virtualElapsed &+= step
            return id == .realtime ? start &+ virtualElapsed : virtualElapsed
        case .custom(let now):
            return now(id)
        }
    }

    /// Waits `nanoseconds` (really, or by advancing the virtual clock).
    func sleep(nanoseconds: UInt64) {
        switch clock {
        case .system, .custom:
            var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
        case .deterministic:
            virtualElapsed &+= nanoseconds
        }
    }

    /// Whether waiting is virtual (then host `poll` must not block on a timeout).
    var isVirtual: Bool {
        if case .deterministic = clock { return true }
        return false
    }

    private static func hostClock(_ id: WASIClockID) -> clockid_t {
        switch id {
        case .realtime: CLOCK_REALTIME
        case .monotonic: CLOCK_MONOTONIC
        case .processCPUTime: CLOCK_PROCESS_CPUTIME_ID
        case .threadCPUTime: CLOCK_THREAD_CPUTIME_ID
        }
    }
}
