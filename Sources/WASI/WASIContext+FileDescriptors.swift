#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `fd_*` functions other than reading, writing and listing directories.
extension WASIContext {
    func fdAdvise(fd: UInt32, offset: UInt64, length: UInt64, advice: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdAdvise)
        guard advice <= 5 else { throw .invalid }
        guard let host = descriptor.hostDescriptor, descriptor.filetype == .regularFile else { return }
        #if os(Linux)
        let hostAdvice: Int32 = switch advice {
        case 1: POSIX_FADV_SEQUENTIAL
        case 2: POSIX_FADV_RANDOM
        case 3: POSIX_FADV_WILLNEED
        case 4: POSIX_FADV_DONTNEED
        case 5: POSIX_FADV_NOREUSE
        default: POSIX_FADV_NORMAL
        }
        // Advice is only a hint; like the kernel, ignore what cannot be applied.
        _ = posix_fadvise(host, off_t(truncatingIfNeeded: offset), off_t(truncatingIfNeeded: length), hostAdvice)
        #endif
    }

    func fdAllocate(fd: UInt32, offset: UInt64, length: UInt64) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdAllocate)
        guard let host = descriptor.hostDescriptor else { throw .notSupported }
        guard let start = off_t(exactly: offset), let count = off_t(exactly: length),
              !start.addingReportingOverflow(count).overflow
        else { throw .fileTooBig }
        #if os(Linux)
        let result = posix_fallocate(host, start, count)
        guard result == 0 else { throw WASIErrno(hostErrno: result) }
        #else
        throw .notSupported
        #endif
    }

    func fdClose(fd: UInt32) throws(WASIErrno) {
        try descriptors.remove(fd)
    }

    func fdDatasync(fd: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdDatasync)
        guard let host = descriptor.hostDescriptor else { return }
        #if os(Linux)
        guard fdatasync(host) == 0 else { throw WASIErrno.last }
        #else
        guard fsync(host) == 0 else { throw WASIErrno.last }
        #endif
    }

    func fdSync(fd: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdSync)
        guard let host = descriptor.hostDescriptor else { return }
        guard fsync(host) == 0 else { throw WASIErrno.last }
    }

    func fdFdstatGet(_ memory: GuestMemory, fd: UInt32, statAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        _ = try memory.pointer(statAt, count: 24)
        var flags = descriptor.memoryFlags
        if let host = descriptor.hostDescriptor {
            let hostFlags = fcntl(host, F_GETFL)
            guard hostFlags >= 0 else { throw WASIErrno.last }
            flags = []
            if hostFlags & O_APPEND != 0 { flags.insert(.append) }
            if hostFlags & O_NONBLOCK != 0 { flags.insert(.nonblock) }
            if hostFlags & O_DSYNC != 0 { flags.insert(.dsync) }
            if hostFlags & O_SYNC == O_SYNC { flags.insert(.sync) }
            #if os(Linux)
            if hostFlags & O_RSYNC == O_RSYNC && hostFlags & O_SYNC == O_SYNC { flags.insert(.rsync) }
            #endif
        }
        try memory.store(UInt8(descriptor.filetype.rawValue), at: statAt)
        try memory.store(UInt8(0), at: statAt + 1)
        try memory.store(flags.rawValue, at: statAt + 2)
        try memory.store(UInt32(0), at: statAt + 4)
        try memory.store(descriptor.rightsBase.rawValue, at: statAt + 8)
        try memory.store(descriptor.rightsInheriting.rawValue, at: statAt + 16)
    }

    func fdFdstatSetFlags(fd: UInt32, flags raw: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdFdstatSetFlags)
        let flags = WASIFdFlags(rawValue: UInt16(truncatingIfNeeded: raw))
        // Only append and nonblock can change on an open file (as in POSIX `fcntl(F_SETFL)`).
        guard raw <= 0x1F, flags.isSubset(of: [.append, .nonblock]) else { throw .invalid }
        guard let host = descriptor.hostDescriptor else {
            descriptor.memoryFlags = flags
            return
        }
        let current = fcntl(host, F_GETFL)
        guard current >= 0 else { throw WASIErrno.last }
        var updated = current & ~(O_APPEND | O_NONBLOCK)
        if flags.contains(.append) { updated |= O_APPEND }
        if flags.contains(.nonblock) { updated |= O_NONBLOCK }
        guard fcntl(host, F_SETFL, updated) == 0 else { throw WASIErrno.last }
    }

    func fdFdstatSetRights(fd: UInt32, base: UInt64, inheriting: UInt64) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        let newBase = WASIRights(rawValue: base), newInheriting = WASIRights(rawValue: inheriting)
        // Rights can only ever be dropped.
        guard descriptor.rightsBase.isSuperset(of: newBase),
              descriptor.rightsInheriting.isSuperset(of: newInheriting)
        else { throw .notCapable }
        descriptor.rightsBase = newBase
        descriptor.rightsInheriting = newInheriting
    }

    func fdFilestatGet(_ memory: GuestMemory, fd: UInt32, statAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdFilestatGet)
        guard let host = descriptor.hostDescriptor else {
            return try Filestat.storeEmpty(filetype: descriptor.filetype, into: memory, at: statAt)
        }
        var info = stat()
        guard fstat(host, &info) == 0 else { throw WASIErrno.last }
        try Filestat.store(info, into: memory, at: statAt)
    }

    func fdFilestatSetSize(fd: UInt32, size: UInt64) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdFilestatSetSize)
        guard let host = descriptor.hostDescriptor else { throw .invalid }
        guard let length = off_t(exactly: size) else { throw .fileTooBig }
        guard ftruncate(host, length) == 0 else { throw WASIErrno.last }
    }

    func fdFilestatSetTimes(fd: UInt32, access: UInt64, modification: UInt64, flags: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdFilestatSetTimes)
        let times = try Filestat.times(access: access, modification: modification, flags: UInt16(truncatingIfNeeded: flags))
        guard let host = descriptor.hostDescriptor else { throw .invalid }
        guard futimens(host, times) == 0 else { throw WASIErrno.last }
    }

    func fdPrestatGet(_ memory: GuestMemory, fd: UInt32, prestatAt: UInt32) throws(WASIErrno) {
        // wasi-libc scans upward from 3 until `badf`, so anything that is not a preopen answers `badf`.
        guard let name = try descriptors.get(fd).preopenName else { throw .badFileDescriptor }
        _ = try memory.pointer(prestatAt, count: 8)
        try memory.store(UInt32(WASIPreopenType.directory.rawValue), at: prestatAt)
        try memory.store(UInt32(name.count), at: prestatAt + 4)
    }

    func fdPrestatDirName(_ memory: GuestMemory, fd: UInt32, path: UInt32, length: UInt32) throws(WASIErrno) {
        guard let name = try descriptors.get(fd).preopenName else { throw .badFileDescriptor }
        guard Int(length) >= name.count else { throw .nameTooLong }
        try memory.write(name, at: path)
    }

    func fdRenumber(fd: UInt32, to: UInt32) throws(WASIErrno) {
        try descriptors.renumber(fd, to: to)
    }

    func fdSeek(_ memory: GuestMemory, fd: UInt32, offset: Int64, whence: UInt32, newOffsetAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        guard let whence = WASIWhence(rawValue: UInt8(truncatingIfNeeded: whence)), whence.rawValue <= 2 else {
            throw .invalid
        }
        // Asking where we are is `fd_tell`'s right; moving is `fd_seek`'s.
        try descriptor.require(offset == 0 && whence == .current ? .fdTell : .fdSeek)
        guard let host = descriptor.hostDescriptor else { throw .invalidSeek }
        let hostWhence = switch whence {
        case .set: SEEK_SET
        case .current: SEEK_CUR
        case .end: SEEK_END
        }
        let position = lseek(host, off_t(offset), hostWhence)
        guard position >= 0 else { throw WASIErrno.last }
        try memory.store(UInt64(position), at: newOffsetAt)
    }

    func fdTell(_ memory: GuestMemory, fd: UInt32, offsetAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdTell)
        guard let host = descriptor.hostDescriptor else { throw .invalidSeek }
        let position = lseek(host, 0, SEEK_CUR)
        guard position >= 0 else { throw WASIErrno.last }
        try memory.store(UInt64(position), at: offsetAt)
    }
}
