#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error number of `wasi_snapshot_preview1`, with the values the witx assigns.
///
/// It doubles as the typed error every WASI function implementation throws, so each one can use `try` on
/// guest-memory accesses and host calls and the dispatcher turns the error into the function's i32 result.
public enum WASIErrno: UInt16, Error, Sendable, CaseIterable {
    case success = 0, tooBig, access, addressInUse, addressNotAvailable, addressFamilyNotSupported, again, already
    case badFileDescriptor, badMessage, busy, canceled, child, connectionAborted, connectionRefused, connectionReset
    case deadlock, destinationAddressRequired, domain, diskQuota, exist, fault, fileTooBig, hostUnreachable
    case identifierRemoved, illegalSequence, inProgress, interrupted, invalid, io, isConnected, isDirectory, loop
    case tooManyFiles, tooManyLinks, messageSize, multihop, nameTooLong, networkDown, networkReset
    case networkUnreachable, tooManyFilesInSystem, noBufferSpace, noDevice, noEntry, noExec, noLock, noLink
    case noMemory, noMessage, noProtocolOption, noSpace, notImplemented, notConnected, notDirectory, notEmpty
    case notRecoverable, notSocket, notSupported, notTTY, noDeviceOrAddress, overflow, ownerDead, permission
    case brokenPipe, protocolError, protocolNotSupported, protocolWrongType, range, readOnlyFileSystem
    case invalidSeek, noProcess, stale, timedOut, textBusy, crossDevice, notCapable

    /// Translates a host `errno` into the WASI number (unknown values become `io`).
    public init(hostErrno: Int32) {
        switch hostErrno {
        case 0: self = .success
        case E2BIG: self = .tooBig
        case EACCES: self = .access
        case EADDRINUSE: self = .addressInUse
        case EADDRNOTAVAIL: self = .addressNotAvailable
        case EAFNOSUPPORT: self = .addressFamilyNotSupported
        case EAGAIN: self = .again
        case EALREADY: self = .already
        case EBADF: self = .badFileDescriptor
        case EBADMSG: self = .badMessage
        case EBUSY: self = .busy
        case ECANCELED: self = .canceled
        case ECHILD: self = .child
        case ECONNABORTED: self = .connectionAborted
        case ECONNREFUSED: self = .connectionRefused
        case ECONNRESET: self = .connectionReset
        case EDEADLK: self = .deadlock
        case EDESTADDRREQ: self = .destinationAddressRequired
        case EDOM: self = .domain
        case EDQUOT: self = .diskQuota
        case EEXIST: self = .exist
        case EFAULT: self = .fault
        case EFBIG: self = .fileTooBig
        case EHOSTUNREACH: self = .hostUnreachable
        case EIDRM: self = .identifierRemoved
        case EILSEQ: self = .illegalSequence
        case EINPROGRESS: self = .inProgress
        case EINTR: self = .interrupted
        case EINVAL: self = .invalid
        case EIO: self = .io
        case EISCONN: self = .isConnected
        case EISDIR: self = .isDirectory
        case ELOOP: self = .loop
        case EMFILE: self = .tooManyFiles
        case EMLINK: self = .tooManyLinks
        case EMSGSIZE: self = .messageSize
        case EMULTIHOP: self = .multihop
        case ENAMETOOLONG: self = .nameTooLong
        case ENETDOWN: self = .networkDown
        case ENETRESET: self = .networkReset
        case ENETUNREACH: self = .networkUnreachable
        case ENFILE: self = .tooManyFilesInSystem
        case ENOBUFS: self = .noBufferSpace
        case ENODEV: self = .noDevice
        case ENOENT: self = .noEntry
        case ENOEXEC: self = .noExec
        case ENOLCK: self = .noLock
        case ENOLINK: self = .noLink
        case ENOMEM: self = .noMemory
        case ENOMSG: self = .noMessage
        case ENOPROTOOPT: self = .noProtocolOption
        case ENOSPC: self = .noSpace
        case ENOSYS: self = .notImplemented
        case ENOTCONN: self = .notConnected
        case ENOTDIR: self = .notDirectory
        case ENOTEMPTY: self = .notEmpty
        case ENOTRECOVERABLE: self = .notRecoverable
        case ENOTSOCK: self = .notSocket
        case ENOTSUP, EOPNOTSUPP: self = .notSupported
        case ENOTTY: self = .notTTY
        case ENXIO: self = .noDeviceOrAddress
        case EOVERFLOW: self = .overflow
        case EOWNERDEAD: self = .ownerDead
        case EPERM: self = .permission
        case EPIPE: self = .brokenPipe
        case EPROTO: self = .protocolError
        case EPROTONOSUPPORT: self = .protocolNotSupported
        case EPROTOTYPE: self = .protocolWrongType
        case ERANGE: self = .range
        case EROFS: self = .readOnlyFileSystem
        case ESPIPE: self = .invalidSeek
        case ESRCH: self = .noProcess
        case ESTALE: self = .stale
        case ETIMEDOUT: self = .timedOut
        case ETXTBSY: self = .textBusy
        case EXDEV: self = .crossDevice
        default: self = .io
        }
    }

    /// The error of the last failed host call.
    static var last: WASIErrno { WASIErrno(hostErrno: errno) }
}
