/// The capabilities a WASI file descriptor carries (`rights` in the witx).
///
/// Every operation checks its descriptor's base rights; descriptors opened through a directory get at most that
/// directory's inheriting rights. A read-only preopen simply lacks every right that could change the tree
/// (``WASIRights/mutating``), so nothing derived from it can ever regain them.
public struct WASIRights: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let fdDatasync = WASIRights(rawValue: 1 << 0)
    public static let fdRead = WASIRights(rawValue: 1 << 1)
    public static let fdSeek = WASIRights(rawValue: 1 << 2)
    public static let fdFdstatSetFlags = WASIRights(rawValue: 1 << 3)
    public static let fdSync = WASIRights(rawValue: 1 << 4)
    public static let fdTell = WASIRights(rawValue: 1 << 5)
    public static let fdWrite = WASIRights(rawValue: 1 << 6)
    public static let fdAdvise = WASIRights(rawValue: 1 << 7)
    public static let fdAllocate = WASIRights(rawValue: 1 << 8)
    public static let pathCreateDirectory = WASIRights(rawValue: 1 << 9)
    public static let pathCreateFile = WASIRights(rawValue: 1 << 10)
    public static let pathLinkSource = WASIRights(rawValue: 1 << 11)
    public static let pathLinkTarget = WASIRights(rawValue: 1 << 12)
    public static let pathOpen = WASIRights(rawValue: 1 << 13)
    public static let fdReaddir = WASIRights(rawValue: 1 << 14)
    public static let pathReadlink = WASIRights(rawValue: 1 << 15)
    public static let pathRenameSource = WASIRights(rawValue: 1 << 16)
    public static let pathRenameTarget = WASIRights(rawValue: 1 << 17)
    public static let pathFilestatGet = WASIRights(rawValue: 1 << 18)
    public static let pathFilestatSetSize = WASIRights(rawValue: 1 << 19)
    public static let pathFilestatSetTimes = WASIRights(rawValue: 1 << 20)
    public static let fdFilestatGet = WASIRights(rawValue: 1 << 21)
    public static let fdFilestatSetSize = WASIRights(rawValue: 1 << 22)
    public static let fdFilestatSetTimes = WASIRights(rawValue: 1 << 23)
    public static let pathSymlink = WASIRights(rawValue: 1 << 24)
    public static let pathRemoveDirectory = WASIRights(rawValue: 1 << 25)
    public static let pathUnlinkFile = WASIRights(rawValue: 1 << 26)
    public static let pollFdReadwrite = WASIRights(rawValue: 1 << 27)
    public static let sockShutdown = WASIRights(rawValue: 1 << 28)
    public static let sockAccept = WASIRights(rawValue: 1 << 29)

    /// Everything that makes sense on a regular file.
    public static let regularFile: WASIRights = [
        .fdDatasync, .fdRead, .fdSeek, .fdFdstatSetFlags, .fdSync, .fdTell, .fdWrite, .fdAdvise, .fdAllocate,
        .fdFilestatGet, .fdFilestatSetSize, .fdFilestatSetTimes, .pollFdReadwrite,
    ]

    /// Everything that makes sense on a directory.
    public static let directory: WASIRights = [
        .fdFdstatSetFlags, .fdSync, .fdAdvise, .pathCreateDirectory, .pathCreateFile, .pathLinkSource,
        .pathLinkTarget, .pathOpen, .fdReaddir, .pathReadlink, .pathRenameSource, .pathRenameTarget,
        .pathFilestatGet, .pathFilestatSetSize, .pathFilestatSetTimes, .fdFilestatGet, .fdFilestatSetTimes,
        .pathSymlink, .pathRemoveDirectory, .pathUnlinkFile, .pollFdReadwrite,
    ]

    /// A stream (pipe, socket, in-memory buffer): seeking is allowed to be asked for and answers `spipe`, as
    /// POSIX `lseek` does on a pipe.
    public static let stream: WASIRights = [
        .fdRead, .fdWrite, .fdSeek, .fdTell, .fdFdstatSetFlags, .fdFilestatGet, .pollFdReadwrite, .fdSync,
        .fdDatasync,
    ]

    /// A terminal or other character device. Lacking `fdSeek`/`fdTell` is what makes wasi-libc's `isatty`
    /// answer yes (and so line-buffer stdout).
    public static let characterDevice: WASIRights = stream.subtracting([.fdSeek, .fdTell])

    /// A socket handed in by the embedder.
    public static let socket: WASIRights = stream.union([.sockShutdown, .sockAccept]).subtracting([.fdSeek, .fdTell])

    /// Every right that writes, creates, removes, renames, links or retimes something: what a read-only preopen
    /// withholds from itself and from everything opened through it.
    public static let mutating: WASIRights = [
        .fdDatasync, .fdWrite, .fdAllocate, .fdFilestatSetSize, .fdFilestatSetTimes, .pathCreateDirectory,
        .pathCreateFile, .pathLinkSource, .pathLinkTarget, .pathRenameSource, .pathRenameTarget,
        .pathFilestatSetSize, .pathFilestatSetTimes, .pathSymlink, .pathRemoveDirectory, .pathUnlinkFile,
    ]

    /// Rights that mean "the host file must be opened for writing".
    static let writeAccess: WASIRights = [.fdDatasync, .fdWrite, .fdAllocate, .fdFilestatSetSize]
    /// Rights that mean "the host file must be opened for reading".
    static let readAccess: WASIRights = [.fdRead, .fdReaddir]
}
