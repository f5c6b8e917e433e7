extension WASIContext {
    /// `args_sizes_get` / `environ_sizes_get`: the count and the total size of the NUL-terminated strings.
    func sizes(of strings: [[UInt8]], memory: GuestMemory, countAt: UInt32, sizeAt: UInt32) throws(WASIErrno) {
        try memory.store(UInt32(strings.count), at: countAt)
        try memory.store(UInt32(strings.reduce(0) { $0 + $1.count }), at: sizeAt)
    }

    /// `args_get` / `environ_get`: the strings packed into `buffer`, and a pointer to each in `pointers`.
    func copy(_ strings: [[UInt8]], memory: GuestMemory, pointers: UInt32, buffer: UInt32) throws(WASIErrno) {
        var cursor = buffer
        for (i, string) in strings.enumerated() {
            try memory.store(cursor, at: pointers + UInt32(i * 4))
            try memory.write(string, at: cursor)
            cursor += UInt32(string.count)
        }
    }
}
