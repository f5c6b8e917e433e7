// Small enums and flag sets of the `wasi_snapshot_preview1` ABI, with the witx's values.

/// The type of a file descriptor or file (`filetype`).
public enum WASIFiletype: UInt8, Sendable {
    case unknown = 0, blockDevice, characterDevice, directory, regularFile, socketDatagram, socketStream,
         symbolicLink
}

/// File descriptor flags (`fdflags`).
struct WASIFdFlags: OptionSet {
    let rawValue: UInt16
    static let append = WASIFdFlags(rawValue: 1 << 0)
    static let dsync = WASIFdFlags(rawValue: 1 << 1)
    static let nonblock = WASIFdFlags(rawValue: 1 << 2)
    static let rsync = WASIFdFlags(rawValue: 1 << 3)
    static let sync = WASIFdFlags(rawValue: 1 << 4)
}

/// `path_open` flags (`oflags`).
struct WASIOpenFlags: OptionSet {
    let rawValue: UInt16
    static let create = WASIOpenFlags(rawValue: 1 << 0)
    static let directory = WASIOpenFlags(rawValue: 1 << 1)
    static let exclusive = WASIOpenFlags(rawValue: 1 << 2)
    static let truncate = WASIOpenFlags(rawValue: 1 << 3)
}

/// `lookupflags`: whether a path's final symbolic link is followed.
struct WASILookupFlags: OptionSet {
    let rawValue: UInt32
    static let symlinkFollow = WASILookupFlags(rawValue: 1 << 0)
}

/// `fstflags` of the set-times functions.
struct WASITimeFlags: OptionSet {
    let rawValue: UInt16
    static let accessTime = WASITimeFlags(rawValue: 1 << 0)
    static let accessTimeNow = WASITimeFlags(rawValue: 1 << 1)
    static let modificationTime = WASITimeFlags(rawValue: 1 << 2)
    static let modificationTimeNow = WASITimeFlags(rawValue: 1 << 3)
}

/// `clockid`.
public enum WASIClockID: UInt32, Sendable {
    case realtime = 0, monotonic, processCPUTime, threadCPUTime
}

/// `eventtype` of `poll_oneoff` subscriptions and events.
enum WASIEventType: UInt8 {
    case clock = 0, fdRead, fdWrite
}

/// `whence` of `fd_seek`.
enum WASIWhence: UInt8 {
    case set = 0, current, end
}

/// `preopentype`: the only kind is a directory.
enum WASIPreopenType: UInt8 {
    case directory = 0
}
