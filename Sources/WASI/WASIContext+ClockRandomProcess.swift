#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WASIContext {
    static func clockID(_ raw: UInt32) throws(WASIErrno) -> WASIClockID {
        guard let id = WASIClockID(rawValue: raw) else { throw .invalid }
        return id
    }

    func clockResolutionGet(_ memory: GuestMemory, id: UInt32, resolutionAt: UInt32) throws(WASIErrno) {
        try memory.store(try clock.resolution(Self.clockID(id)), at: resolutionAt)
    }

    func clockTimeGet(_ memory: GuestMemory, id: UInt32, timeAt: UInt32) throws(WASIErrno) {
        try memory.store(try clock.now(Self.clockID(id)), at: timeAt)
    }

    func randomGet(_ memory: GuestMemory, buffer: UInt32, length: UInt32) throws(WASIErrno) {
        try random.fill(try memory.buffer(buffer, count: length))
    }

    func schedYield() throws(WASIErrno) {
        sched_yield()
    }

    /// `proc_raise` is deprecated and has no sensible meaning for a sandboxed guest.
    func procRaise(signal: UInt32) throws(WASIErrno) {
        throw .notImplemented
    }
}
