#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`: scatter/gather I/O straight between guest memory and the host.
///
/// Host descriptors use `readv`/`writev` with vectors pointing into guest memory (see
/// ``GuestMemory/withIOVectors(_:count:_:)``), so a guest's output costs one system call and no copies.
extension WASIContext {
    func fdRead(_ memory: GuestMemory, fd: UInt32, iovs: UInt32, count: UInt32, readAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.requireAccess(.fdRead)
        let total = try memory.withIOVectors(iovs, count: count) { vectors throws(WASIErrno) -> Int in
            switch descriptor.backing {
            case .host(let host):
                return try Self.retryingInterrupts { readv(host, vectors.baseAddress, Int32(vectors.count)) }
            case .input(let input):
                var copied = 0
                for vector in vectors where input.position < input.bytes.count {
                    let n = min(vector.iov_len, input.bytes.count - input.position)
                    input.bytes.withUnsafeBytes { source in
                        vector.iov_base!.copyMemory(from: source.baseAddress! + input.position, byteCount: n)
                    }
                    input.position += n
                    copied += n
                }
                return copied
            case .reader(let reader):
                return Self.read(from: reader, into: vectors)
            case .null:
                return 0
            case .output, .writer:
                throw .badFileDescriptor
            }
        }
        try memory.store(UInt32(total), at: readAt)
    }

    func fdWrite(_ memory: GuestMemory, fd: UInt32, iovs: UInt32, count: UInt32, writtenAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.requireAccess(.fdWrite)
        let total = try memory.withIOVectors(iovs, count: count) { vectors throws(WASIErrno) -> Int in
            switch descriptor.backing {
            case .host(let host) where descriptor.filetype == .socketStream || descriptor.filetype == .socketDatagram:
                // A peer that went away must be an EPIPE for the guest, not a SIGPIPE for the host process.
                var message = msghdr()
                message.msg_iov = vectors.baseAddress
                message.msg_iovlen = numericCast(vectors.count)
                return try Self.retryingInterrupts { sendmsg(host, &message, Int32(MSG_NOSIGNAL)) }
            case .host(let host):
                return try Self.retryingInterrupts { writev(host, vectors.baseAddress, Int32(vectors.count)) }
            case .output(let buffer):
                var taken = 0, asked = 0
                for vector in vectors {
                    asked += vector.iov_len
                    let n = buffer.append(UnsafeRawBufferPointer(start: vector.iov_base, count: vector.iov_len))
                    taken += n
                    if n < vector.iov_len { break }
                }
                if taken == 0 && asked > 0 { throw .noSpace }
                return taken
            case .writer(let writer):
                return try Self.write(vectors, to: writer)
            case .null:
                return vectors.reduce(0) { $0 + $1.iov_len }
            case .input, .reader:
                throw .badFileDescriptor
            }
        }
        try memory.store(UInt32(total), at: writtenAt)
    }

    func fdPread(_ memory: GuestMemory, fd: UInt32, iovs: UInt32, count: UInt32, offset: UInt64,
                 readAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.requireAccess(.fdRead)
        try descriptor.require(.fdSeek)
        guard let host = descriptor.hostDescriptor else { throw .invalidSeek }
        guard let position = off_t(exactly: offset) else { throw .invalid }
        let total = try memory.withIOVectors(iovs, count: count) { vectors throws(WASIErrno) -> Int in
            try Self.retryingInterrupts { preadv(host, vectors.baseAddress, Int32(vectors.count), position) }
        }
        try memory.store(UInt32(total), at: readAt)
    }

    func fdPwrite(_ memory: GuestMemory, fd: UInt32, iovs: UInt32, count: UInt32, offset: UInt64,
                  writtenAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.requireAccess(.fdWrite)
        try descriptor.require(.fdSeek)
        guard let host = descriptor.hostDescriptor else { throw .invalidSeek }
        guard let position = off_t(exactly: offset) else { throw .invalid }
        let total = try memory.withIOVectors(iovs, count: count) { vectors throws(WASIErrno) -> Int in
            try Self.retryingInterrupts { pwritev(host, vectors.baseAddress, Int32(vectors.count), position) }
        }
        try memory.store(UInt32(total), at: writtenAt)
    }

    /// Runs a host I/O call, retrying when a signal interrupted it; throws the errno of a real failure.
    static func retryingInterrupts(_ call: () -> Int) throws(WASIErrno) -> Int {
        while true {
            let result = call()
            if result >= 0 { return result }
            if errno != EINTR { throw WASIErrno.last }
        }
    }
}
