#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WASIContext {
    /// `fd_readdir`: fills `buffer` with `dirent` records (24-byte header + name) starting after `cookie`.
    ///
    /// Cookies stand for the host's own directory positions (`d_off`, the position *after* an entry, which is
    /// exactly `dirent.d_next`; see ``DirectoryCookies``), so they stay valid while the directory changes, unlike
    /// entry indexes. Each call opens the
    /// directory afresh, so listings through one descriptor never disturb each other. As the witx specifies, the
    /// last record may be cut short when the buffer is full; the guest then retries with a larger buffer.
    func fdReaddir(_ memory: GuestMemory, fd: UInt32, buffer: UInt32, length: UInt32, cookie: UInt64,
                   usedAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdReaddir)
        guard descriptor.filetype == .directory, let host = descriptor.hostDescriptor else { throw .notDirectory }
        let output = try memory.buffer(buffer, count: length)

        let listing = openat(host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard listing >= 0 else { throw WASIErrno.last }
        guard let directory = fdopendir(listing) else {
            close(listing)
            throw WASIErrno.last
        }
        defer { closedir(directory) }
        if let position = try descriptor.directoryCookies.hostPosition(for: cookie) {
            seekdir(directory, position)
        }

        var used = 0
        while used < output.count, let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            let type = Self.direntType(entry.pointee.d_type, name: name, in: dirfd(directory))
            var header = [UInt8](repeating: 0, count: 24)
            #if os(Linux)
            let next = descriptor.directoryCookies.cookie(for: Int(entry.pointee.d_off))
            #else
            let next = descriptor.directoryCookies.cookie(for: telldir(directory))
            #endif
            header.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: next.littleEndian, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: UInt64(entry.pointee.d_ino).littleEndian, toByteOffset: 8, as: UInt64.self)
                raw.storeBytes(of: UInt32(name.count).littleEndian, toByteOffset: 16, as: UInt32.self)
                raw.storeBytes(of: type.rawValue, toByteOffset: 20, as: UInt8.self)
            }
            for chunk in [header, name] {
                let n = min(chunk.count, output.count - used)
                output.baseAddress!.advanced(by: used).copyMemory(from: chunk, byteCount: n)
                used += n
            }
        }
        try memory.store(UInt32(used), at: usedAt)
    }

    private static func direntType(_ type: UInt8, name: [UInt8], in directory: Int32) -> WASIFiletype {
        switch Int32(type) {
        case Int32(DT_REG): return .regularFile
        case Int32(DT_DIR): return .directory
        case Int32(DT_LNK): return .symbolicLink
        case Int32(DT_CHR): return .characterDevice
        case Int32(DT_BLK): return .blockDevice
        case Int32(DT_SOCK): return .socketStream
        case Int32(DT_FIFO): return .unknown
        default:
            // The filesystem did not say; ask without following links.
            var info = stat()
            let found = PathResolver.withCName(name[...]) { fstatat(directory, $0, &info, AT_SYMLINK_NOFOLLOW) }
            return found == 0 ? Descriptor.filetype(mode: info.st_mode) : .unknown
        }
    }
}
