#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown` on sockets the embedder handed in
/// (``WASIConfiguration/sockets``). A guest cannot create sockets or connect anywhere by itself.
extension WASIContext {
    func sockAccept(_ memory: GuestMemory, fd: UInt32, flags: UInt32, acceptedAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.sockAccept)
        guard let host = descriptor.hostDescriptor else { throw .notSocket }
        guard flags & ~UInt32(WASIFdFlags.nonblock.rawValue) == 0 else { throw .invalid }
        _ = try memory.pointer(acceptedAt, count: 4)
        let connection = accept(host, nil, nil)
        guard connection >= 0 else { throw WASIErrno.last }
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        if flags != 0 { _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) | O_NONBLOCK) }
        let number = try descriptors.insert(Descriptor(
            backing: .host(connection), ownsHostDescriptor: true, filetype: Descriptor.filetype(ofHost: connection),
            rightsBase: WASIRights.socket.subtracting(.sockAccept), rightsInheriting: []))
        try memory.store(number, at: acceptedAt)
    }

    func sockRecv(_ memory: GuestMemory, fd: UInt32, iovs: UInt32, count: UInt32, flags: UInt32,
                  receivedAt: UInt32, outputFlagsAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdRead)
        guard let host = descriptor.hostDescriptor else { throw .notSocket }
        guard flags & ~3 == 0 else { throw .invalid }
        var hostFlags: Int32 = 0
        if flags & 1 != 0 { hostFlags |= Int32(MSG_PEEK) }
        if flags & 2 != 0 { hostFlags |= Int32(MSG_WAITALL) }
        var truncated = false
        let received = try memory.withIOVectors(iovs, count: count) { vectors throws(WASIErrno) -> Int in
            var message = msghdr()
            message.msg_iov = vectors.baseAddress
            message.msg_iovlen = numericCast(vectors.count)
            let n = try Self.retryingInterrupts { recvmsg(host, &message, hostFlags) }
            truncated = message.msg_flags & Int32(MSG_TRUNC) != 0
            return n
        }
        try memory.store(UInt32(received), at: receivedAt)
        try memory.store(UInt16(truncated ? 1 : 0), at: outputFlagsAt)
    }

    func sockSend(_ memory: GuestMemory, fd: UInt32, iovs: UInt32, count: UInt32, flags: UInt32,
                  sentAt: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.fdWrite)
        guard let host = descriptor.hostDescriptor else { throw .notSocket }
        let sent = try memory.withIOVectors(iovs, count: count) { vectors throws(WASIErrno) -> Int in
            var message = msghdr()
            message.msg_iov = vectors.baseAddress
            message.msg_iovlen = numericCast(vectors.count)
            // A peer that went away must be an EPIPE for the guest, not a SIGPIPE for the host process.
            return try Self.retryingInterrupts { sendmsg(host, &message, Int32(MSG_NOSIGNAL)) }
        }
        try memory.store(UInt32(sent), at: sentAt)
    }

    func sockShutdown(fd: UInt32, how: UInt32) throws(WASIErrno) {
        let descriptor = try descriptors.get(fd)
        try descriptor.require(.sockShutdown)
        guard let host = descriptor.hostDescriptor else { throw .notSocket }
        let hostHow: Int32
        switch how {
        case 1: hostHow = Int32(SHUT_RD)
        case 2: hostHow = Int32(SHUT_WR)
        case 3: hostHow = Int32(SHUT_RDWR)
        default: throw .invalid
        }
        guard shutdown(host, hostHow) == 0 else { throw WASIErrno.last }
    }
}
