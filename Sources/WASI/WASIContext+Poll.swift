#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `poll_oneoff`: waits until a clock subscription expires or a descriptor becomes readable or writable.
extension WASIContext {
    private struct Event {
        var userdata: UInt64
        var error: WASIErrno = .success
        var type: WASIEventType
        var bytesAvailable: UInt64 = 0
        var hangup = false
    }

    private struct ClockWait {
        var userdata: UInt64
        /// Nanoseconds from the start of the call until the subscription fires.
        var remaining: UInt64
    }

    private struct DescriptorWait {
        var userdata: UInt64
        var type: WASIEventType
        var host: Int32
    }

    func pollOneoff(_ memory: GuestMemory, subscriptions: UInt32, events eventsAt: UInt32, count: UInt32,
                    eventCountAt: UInt32) throws(WASIErrno) {
        guard count > 0 else { throw .invalid }
        _ = try memory.pointer(subscriptions, count: Int(count) * 48)
        _ = try memory.pointer(eventsAt, count: Int(count) * 32)
        _ = try memory.pointer(eventCountAt, count: 4)

        var ready: [Event] = []
        var clocks: [ClockWait] = []
        var waits: [DescriptorWait] = []
        for i in 0..<count {
            let at = subscriptions + i * 48
            let userdata = try memory.load(UInt64.self, at: at)
            let tag = try memory.load(UInt8.self, at: at + 8)
            guard let type = WASIEventType(rawValue: tag) else {
                ready.append(Event(userdata: userdata, error: .invalid, type: .clock))
                continue
            }
            if type == .clock {
                let id = try memory.load(UInt32.self, at: at + 16)
                let timeout = try memory.load(UInt64.self, at: at + 24)
                let absolute = try memory.load(UInt16.self, at: at + 40) & 1 != 0
                do throws(WASIErrno) {
                    let clockID = try Self.clockID(id)
                    var remaining = timeout
                    if absolute {
                        let now = try clock.now(clockID)
                        remaining = timeout > now ? timeout - now : 0
                    }
                    clocks.append(ClockWait(userdata: userdata, remaining: remaining))
                } catch {
                    ready.append(Event(userdata: userdata, error: error, type: .clock))
                }
                continue
            }
            let fd = try memory.load(UInt32.self, at: at + 16)
            do throws(WASIErrno) {
                let descriptor = try descriptors.get(fd)
                try descriptor.require(type == .fdRead ? .fdRead : .fdWrite)
                switch descriptor.backing {
                case .host(let host):
                    waits.append(DescriptorWait(userdata: userdata, type: type, host: host))
                case .input(let input):
                    ready.append(Event(userdata: userdata, type: type,
                                       bytesAvailable: UInt64(input.bytes.count - input.position)))
                case .output, .null, .writer, .reader:
                    // In-memory streams never block; an embedder's reader or writer may, but it has no way to
                    // say whether it would, so it is reported ready and the guest's read or write waits in it.
                    ready.append(Event(userdata: userdata, type: type))
                }
            } catch {
                ready.append(Event(userdata: userdata, error: error, type: type))
            }
        }

        let nearest = clocks.map(\.remaining).min()
        var elapsed: UInt64 = 0
        if !waits.isEmpty {
            var pollDescriptors = waits.map {
                pollfd(fd: $0.host, events: Int16($0.type == .fdRead ? POLLIN : POLLOUT), revents: 0)
            }
            // Wait for the nearest clock, unless something is ready already or time is virtual (then the clock
            // is advanced below instead of really waiting).
            var timeout: Int32 = -1
            if !ready.isEmpty || (nearest != nil && clock.isVirtual) {
                timeout = 0
            } else if let nearest {
                timeout = Int32(min(UInt64(Int32.max), (nearest + 999_999) / 1_000_000))
            }
            let start = Self.monotonicNow()
            var result: Int32
            repeat {
                result = poll(&pollDescriptors, nfds_t(pollDescriptors.count), timeout)
            } while result < 0 && errno == EINTR
            guard result >= 0 else { throw WASIErrno.last }
            elapsed = Self.monotonicNow() &- start
            for (wait, polled) in zip(waits, pollDescriptors) where polled.revents != 0 {
                var event = Event(userdata: wait.userdata, type: wait.type)
                if Int32(polled.revents) & Int32(POLLNVAL) != 0 { event.error = .badFileDescriptor }
                event.hangup = Int32(polled.revents) & Int32(POLLHUP) != 0
                if wait.type == .fdRead { event.bytesAvailable = Self.bytesAvailable(wait.host) }
                ready.append(event)
            }
        } else if ready.isEmpty, let nearest {
            clock.sleep(nanoseconds: nearest)
            elapsed = nearest
        }
        if ready.isEmpty, let nearest, clock.isVirtual {
            clock.sleep(nanoseconds: nearest)
            elapsed = nearest
        }

        // Clocks that have expired fire; if nothing at all is ready, the wait was for the nearest clock (a poll
        // timeout is rounded to milliseconds), so it fires.
        for wait in clocks where wait.remaining <= elapsed || (ready.isEmpty && wait.remaining == nearest) {
            ready.append(Event(userdata: wait.userdata, type: .clock))
        }
        for (i, event) in ready.prefix(Int(count)).enumerated() {
            let at = eventsAt + UInt32(i * 32)
            memset(try memory.pointer(at, count: 32), 0, 32)
            try memory.store(event.userdata, at: at)
            try memory.store(event.error.rawValue, at: at + 8)
            try memory.store(event.type.rawValue, at: at + 10)
            if event.type != .clock {
                try memory.store(event.bytesAvailable, at: at + 16)
                try memory.store(UInt16(event.hangup ? 1 : 0), at: at + 24)
            }
        }
        try memory.store(UInt32(min(ready.count, Int(count))), at: eventCountAt)
    }

    private static func monotonicNow() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// How many bytes a read would return now: what is queued on a pipe or socket, or what is left of a file.
    private static func bytesAvailable(_ fd: Int32) -> UInt64 {
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
            let position = lseek(fd, 0, SEEK_CUR)
            return position >= 0 && info.st_size > position ? UInt64(info.st_size - position) : 0
        }
        var queued: Int32 = 0
        return ioctl(fd, UInt(FIONREAD), &queued) == 0 && queued > 0 ? UInt64(queued) : 0
    }
}
