#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 64-byte `filestat` record: dev, ino, filetype, nlink, size and the three times in nanoseconds.
enum Filestat {
    static let size = 64

    static func store(_ info: stat, into memory: GuestMemory, at offset: UInt32) throws(WASIErrno) {
        _ = try memory.pointer(offset, count: size)
        try memory.store(UInt64(info.st_dev), at: offset)
        try memory.store(UInt64(info.st_ino), at: offset + 8)
        try memory.store(UInt64(Descriptor.filetype(mode: info.st_mode).rawValue), at: offset + 16)
        try memory.store(UInt64(info.st_nlink), at: offset + 24)
        try memory.store(UInt64(max(0, info.st_size)), at: offset + 32)
        #if canImport(Darwin)
        try memory.store(nanoseconds(info.st_atimespec), at: offset + 40)
        try memory.store(nanoseconds(info.st_mtimespec), at: offset + 48)
        try memory.store(nanoseconds(info.st_ctimespec), at: offset + 56)
        #else
        try memory.store(nanoseconds(info.st_atim), at: offset + 40)
        try memory.store(nanoseconds(info.st_mtim), at: offset + 48)
        try memory.store(nanoseconds(info.st_ctim), at: offset + 56)
        #endif
    }

    /// A record for something that is not a host file (an in-memory stream): only the filetype is meaningful.
    static func storeEmpty(filetype: WASIFiletype, into memory: GuestMemory, at offset: UInt32) throws(WASIErrno) {
        memset(try memory.pointer(offset, count: size), 0, size)
        try memory.store(UInt64(filetype.rawValue), at: offset + 16)
    }

    static func nanoseconds(_ time: timespec) -> UInt64 {
        guard time.tv_sec >= 0 else { return 0 }
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The `timespec` pair for `futimens`/`utimensat` from WASI's times and `fstflags`.
    static func times(access: UInt64, modification: UInt64, flags raw: UInt16) throws(WASIErrno) -> [timespec] {
        let flags = WASITimeFlags(rawValue: raw)
        guard raw & ~0xF == 0,
              !(flags.contains(.accessTime) && flags.contains(.accessTimeNow)),
              !(flags.contains(.modificationTime) && flags.contains(.modificationTimeNow))
        else { throw .invalid }
        func spec(_ value: UInt64, set: Bool, now: Bool) -> timespec {
            if now { return timespec(tv_sec: 0, tv_nsec: HostConstants.utimeNow) }
            if set { return timespec(tv_sec: Int(value / 1_000_000_000), tv_nsec: Int(value % 1_000_000_000)) }
            return timespec(tv_sec: 0, tv_nsec: HostConstants.utimeOmit)
        }
        return [
            spec(access, set: flags.contains(.accessTime), now: flags.contains(.accessTimeNow)),
            spec(modification, set: flags.contains(.modificationTime), now: flags.contains(.modificationTimeNow)),
        ]
    }
}
