import WasmVM

/// The arguments of one WASI call, as the unsigned integers the ABI passes.
///
/// The engine has already checked them against the function's type when the import was linked, so reading an
/// `i32` slot as `UInt32` cannot fail.
struct WASIArguments {
    let values: [Value]

    @inline(__always)
    subscript(_ index: Int) -> UInt32 {
        if case .i32(let v) = values[index] { return v }
        return 0
    }

    @inline(__always)
    func wide(_ index: Int) -> UInt64 {
        if case .i64(let v) = values[index] { return v }
        return 0
    }
}

/// One function of `wasi_snapshot_preview1`: its name, its core Wasm parameters (it returns an `errno` i32),
/// and the implementation it forwards to.
struct WASIFunction: Sendable {
    typealias Implementation = @Sendable (WASIContext, GuestMemory, WASIArguments) throws(WASIErrno) -> Void

    let name: String
    let parameters: [ValueType]
    let implementation: Implementation

    init(_ name: String, _ parameters: [ValueType], _ implementation: @escaping Implementation) {
        self.name = name
        self.parameters = parameters
        self.implementation = implementation
    }
}

extension WASIFunction {
    /// Every function except `proc_exit` (which returns nothing and is handled on its own).
    static let all: [WASIFunction] = [
        WASIFunction("args_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.copy(w.arguments, memory: m, pointers: a[0], buffer: a[1])
        },
        WASIFunction("args_sizes_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.sizes(of: w.arguments, memory: m, countAt: a[0], sizeAt: a[1])
        },
        WASIFunction("environ_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.copy(w.environment, memory: m, pointers: a[0], buffer: a[1])
        },
        WASIFunction("environ_sizes_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.sizes(of: w.environment, memory: m, countAt: a[0], sizeAt: a[1])
        },
        WASIFunction("clock_res_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.clockResolutionGet(m, id: a[0], resolutionAt: a[1])
        },
        WASIFunction("clock_time_get", [.i32, .i64, .i32]) { w, m, a throws(WASIErrno) in
            try w.clockTimeGet(m, id: a[0], timeAt: a[2])
        },
        WASIFunction("fd_advise", [.i32, .i64, .i64, .i32]) { w, _, a throws(WASIErrno) in
            try w.fdAdvise(fd: a[0], offset: a.wide(1), length: a.wide(2), advice: a[3])
        },
        WASIFunction("fd_allocate", [.i32, .i64, .i64]) { w, _, a throws(WASIErrno) in
            try w.fdAllocate(fd: a[0], offset: a.wide(1), length: a.wide(2))
        },
        WASIFunction("fd_close", [.i32]) { w, _, a throws(WASIErrno) in try w.fdClose(fd: a[0]) },
        WASIFunction("fd_datasync", [.i32]) { w, _, a throws(WASIErrno) in try w.fdDatasync(fd: a[0]) },
        WASIFunction("fd_fdstat_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdFdstatGet(m, fd: a[0], statAt: a[1])
        },
        WASIFunction("fd_fdstat_set_flags", [.i32, .i32]) { w, _, a throws(WASIErrno) in
            try w.fdFdstatSetFlags(fd: a[0], flags: a[1])
        },
        WASIFunction("fd_fdstat_set_rights", [.i32, .i64, .i64]) { w, _, a throws(WASIErrno) in
            try w.fdFdstatSetRights(fd: a[0], base: a.wide(1), inheriting: a.wide(2))
        },
        WASIFunction("fd_filestat_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdFilestatGet(m, fd: a[0], statAt: a[1])
        },
        WASIFunction("fd_filestat_set_size", [.i32, .i64]) { w, _, a throws(WASIErrno) in
            try w.fdFilestatSetSize(fd: a[0], size: a.wide(1))
        },
        WASIFunction("fd_filestat_set_times", [.i32, .i64, .i64, .i32]) { w, _, a throws(WASIErrno) in
            try w.fdFilestatSetTimes(fd: a[0], access: a.wide(1), modification: a.wide(2), flags: a[3])
        },
        WASIFunction("fd_pread", [.i32, .i32, .i32, .i64, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdPread(m, fd: a[0], iovs: a[1], count: a[2], offset: a.wide(3), readAt: a[4])
        },
        WASIFunction("fd_prestat_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdPrestatGet(m, fd: a[0], prestatAt: a[1])
        },
        WASIFunction("fd_prestat_dir_name", [.i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdPrestatDirName(m, fd: a[0], path: a[1], length: a[2])
        },
        WASIFunction("fd_pwrite", [.i32, .i32, .i32, .i64, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdPwrite(m, fd: a[0], iovs: a[1], count: a[2], offset: a.wide(3), writtenAt: a[4])
        },
        WASIFunction("fd_read", [.i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdRead(m, fd: a[0], iovs: a[1], count: a[2], readAt: a[3])
        },
        WASIFunction("fd_readdir", [.i32, .i32, .i32, .i64, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdReaddir(m, fd: a[0], buffer: a[1], length: a[2], cookie: a.wide(3), usedAt: a[4])
        },
        WASIFunction("fd_renumber", [.i32, .i32]) { w, _, a throws(WASIErrno) in try w.fdRenumber(fd: a[0], to: a[1]) },
        WASIFunction("fd_seek", [.i32, .i64, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdSeek(m, fd: a[0], offset: Int64(bitPattern: a.wide(1)), whence: a[2], newOffsetAt: a[3])
        },
        WASIFunction("fd_sync", [.i32]) { w, _, a throws(WASIErrno) in try w.fdSync(fd: a[0]) },
        WASIFunction("fd_tell", [.i32, .i32]) { w, m, a throws(WASIErrno) in try w.fdTell(m, fd: a[0], offsetAt: a[1]) },
        WASIFunction("fd_write", [.i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.fdWrite(m, fd: a[0], iovs: a[1], count: a[2], writtenAt: a[3])
        },
        WASIFunction("path_create_directory", [.i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathCreateDirectory(m, fd: a[0], path: a[1], pathLength: a[2])
        },
        WASIFunction("path_filestat_get", [.i32, .i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathFilestatGet(m, fd: a[0], lookupFlags: a[1], path: a[2], pathLength: a[3], statAt: a[4])
        },
        WASIFunction("path_filestat_set_times", [.i32, .i32, .i32, .i32, .i64, .i64, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathFilestatSetTimes(m, fd: a[0], lookupFlags: a[1], path: a[2], pathLength: a[3],
                                       access: a.wide(4), modification: a.wide(5), flags: a[6])
        },
        WASIFunction("path_link", [.i32, .i32, .i32, .i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathLink(m, oldFD: a[0], oldLookupFlags: a[1], oldPath: a[2], oldLength: a[3], newFD: a[4],
                           newPath: a[5], newLength: a[6])
        },
        WASIFunction("path_open", [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathOpen(m, fd: a[0], lookupFlags: a[1], path: a[2], pathLength: a[3], openFlags: a[4],
                           rightsBase: a.wide(5), rightsInheriting: a.wide(6), fdFlags: a[7], openedAt: a[8])
        },
        WASIFunction("path_readlink", [.i32, .i32, .i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathReadlink(m, fd: a[0], path: a[1], pathLength: a[2], buffer: a[3], bufferLength: a[4],
                               usedAt: a[5])
        },
        WASIFunction("path_remove_directory", [.i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathRemoveDirectory(m, fd: a[0], path: a[1], pathLength: a[2])
        },
        WASIFunction("path_rename", [.i32, .i32, .i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathRename(m, fd: a[0], oldPath: a[1], oldLength: a[2], newFD: a[3], newPath: a[4], newLength: a[5])
        },
        WASIFunction("path_symlink", [.i32, .i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathSymlink(m, oldPath: a[0], oldLength: a[1], fd: a[2], newPath: a[3], newLength: a[4])
        },
        WASIFunction("path_unlink_file", [.i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pathUnlinkFile(m, fd: a[0], path: a[1], pathLength: a[2])
        },
        WASIFunction("poll_oneoff", [.i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.pollOneoff(m, subscriptions: a[0], events: a[1], count: a[2], eventCountAt: a[3])
        },
        WASIFunction("proc_raise", [.i32]) { w, _, a throws(WASIErrno) in try w.procRaise(signal: a[0]) },
        WASIFunction("sched_yield", []) { w, _, _ throws(WASIErrno) in try w.schedYield() },
        WASIFunction("random_get", [.i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.randomGet(m, buffer: a[0], length: a[1])
        },
        WASIFunction("sock_accept", [.i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.sockAccept(m, fd: a[0], flags: a[1], acceptedAt: a[2])
        },
        WASIFunction("sock_recv", [.i32, .i32, .i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.sockRecv(m, fd: a[0], iovs: a[1], count: a[2], flags: a[3], receivedAt: a[4], outputFlagsAt: a[5])
        },
        WASIFunction("sock_send", [.i32, .i32, .i32, .i32, .i32]) { w, m, a throws(WASIErrno) in
            try w.sockSend(m, fd: a[0], iovs: a[1], count: a[2], flags: a[3], sentAt: a[4])
        },
        WASIFunction("sock_shutdown", [.i32, .i32]) { w, _, a throws(WASIErrno) in
            try w.sockShutdown(fd: a[0], how: a[1])
        },
    ]

    static let byName: [String: WASIFunction] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
