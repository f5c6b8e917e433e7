#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `path_open` and the other `path_*` functions.
///
/// Each one checks the directory descriptor's rights, resolves the guest path inside it with ``PathResolver``
/// (which refuses anything that would leave it), and ends with one `*at` system call on the resolved parent
/// directory and final name that never follows a symbolic link itself.
extension WASIContext {
    func pathOpen(_ memory: GuestMemory, fd: UInt32, lookupFlags: UInt32, path: UInt32, pathLength: UInt32,
                  openFlags rawOpenFlags: UInt32, rightsBase: UInt64, rightsInheriting: UInt64, fdFlags rawFdFlags: UInt32,
                  openedAt: UInt32) throws(WASIErrno) {
        let directory = try descriptors.get(fd)
        let openFlags = WASIOpenFlags(rawValue: UInt16(truncatingIfNeeded: rawOpenFlags))
        let fdFlags = WASIFdFlags(rawValue: UInt16(truncatingIfNeeded: rawFdFlags))
        var needed: WASIRights = .pathOpen
        if openFlags.contains(.create) { needed.insert(.pathCreateFile) }
        if openFlags.contains(.truncate) { needed.insert(.pathFilestatSetSize) }
        let host = try directory.directory(requiring: needed)
        let guestPath = try memory.path(path, length: pathLength)
        _ = try memory.pointer(openedAt, count: 4)

        // A descriptor gets at most what its directory may hand down; asking for more is not an error (wasi-libc
        // and others ask for everything plausible), it just is not granted. The exception is write access through
        // a directory that cannot grant it (a read-only preopen): the guest explicitly wants to write, and
        // silently opening read-only would only move the failure to a confusing place.
        let requested = WASIRights(rawValue: rightsBase)
        guard requested.intersection(.writeAccess).isSubset(of: directory.rightsInheriting) else { throw .notCapable }
        let base = WASIRights(rawValue: rightsBase).intersection(directory.rightsInheriting)
        let inheriting = WASIRights(rawValue: rightsInheriting).intersection(directory.rightsInheriting)

        let resolved = try PathResolver.resolve(guestPath, in: host, followFinalSymlink: Self.follows(lookupFlags))
        var flags = O_CLOEXEC | O_NOFOLLOW
        let writes = !base.isDisjoint(with: WASIRights.writeAccess)
        let reads = !base.isDisjoint(with: WASIRights.readAccess)
        flags |= writes ? (reads ? O_RDWR : O_WRONLY) : O_RDONLY
        if openFlags.contains(.directory) || resolved.mustBeDirectory { flags |= O_DIRECTORY }
        if openFlags.contains(.create) { flags |= O_CREAT }
        if openFlags.contains(.exclusive) { flags |= O_EXCL }
        if openFlags.contains(.truncate) { flags |= O_TRUNC }
        if fdFlags.contains(.append) { flags |= O_APPEND }
        if fdFlags.contains(.nonblock) { flags |= O_NONBLOCK }
        if fdFlags.contains(.dsync) { flags |= O_DSYNC }
        if fdFlags.contains(.sync) { flags |= O_SYNC }
        #if os(Linux)
        if fdFlags.contains(.rsync) { flags |= O_RSYNC }
        #endif

        let opened = openat(resolved.parent, resolved.name, flags, 0o666)
        guard opened >= 0 else { throw WASIErrno.last }
        let type = Descriptor.filetype(ofHost: opened)
        let descriptor = Descriptor(
            backing: .host(opened), ownsHostDescriptor: true, filetype: type,
            rightsBase: base.intersection(Descriptor.defaultRights(for: type)),
            rightsInheriting: type == .directory ? inheriting : [])
        let number = try descriptors.insert(descriptor)
        try memory.store(number, at: openedAt)
    }

    func pathCreateDirectory(_ memory: GuestMemory, fd: UInt32, path: UInt32, pathLength: UInt32) throws(WASIErrno) {
        let resolved = try resolve(memory, fd: fd, path: path, length: pathLength, requiring: .pathCreateDirectory)
        guard mkdirat(resolved.parent, resolved.name, 0o777) == 0 else { throw WASIErrno.last }
    }

    func pathRemoveDirectory(_ memory: GuestMemory, fd: UInt32, path: UInt32, pathLength: UInt32) throws(WASIErrno) {
        let resolved = try resolve(memory, fd: fd, path: path, length: pathLength, requiring: .pathRemoveDirectory)
        guard !resolved.isSelf else { throw .invalid }
        guard unlinkat(resolved.parent, resolved.name, AT_REMOVEDIR) == 0 else { throw WASIErrno.last }
    }

    func pathUnlinkFile(_ memory: GuestMemory, fd: UInt32, path: UInt32, pathLength: UInt32) throws(WASIErrno) {
        let resolved = try resolve(memory, fd: fd, path: path, length: pathLength, requiring: .pathUnlinkFile)
        if resolved.mustBeDirectory {
            // "name/" names a directory: never a file to unlink.
            var info = stat()
            guard fstatat(resolved.parent, resolved.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw WASIErrno.last }
            throw Descriptor.filetype(mode: info.st_mode) == .directory ? .isDirectory : .notDirectory
        }
        guard unlinkat(resolved.parent, resolved.name, 0) == 0 else { throw WASIErrno.last }
    }

    func pathRename(_ memory: GuestMemory, fd: UInt32, oldPath: UInt32, oldLength: UInt32, newFD: UInt32,
                    newPath: UInt32, newLength: UInt32) throws(WASIErrno) {
        let source = try resolve(memory, fd: fd, path: oldPath, length: oldLength, requiring: .pathRenameSource)
        let target = try resolve(memory, fd: newFD, path: newPath, length: newLength, requiring: .pathRenameTarget)
        guard !source.isSelf, !target.isSelf else { throw .busy }
        guard renameat(source.parent, source.name, target.parent, target.name) == 0 else { throw WASIErrno.last }
    }

    func pathLink(_ memory: GuestMemory, oldFD: UInt32, oldLookupFlags: UInt32, oldPath: UInt32, oldLength: UInt32,
                  newFD: UInt32, newPath: UInt32, newLength: UInt32) throws(WASIErrno) {
        // The source is resolved inside its directory like any path (following a final link only if asked, and
        // then only to somewhere inside), and `linkat` itself never follows: a hard link to a file outside the
        // sandbox cannot be made.
        let source = try resolve(memory, fd: oldFD, path: oldPath, length: oldLength, requiring: .pathLinkSource,
                                 follow: Self.follows(oldLookupFlags))
        let target = try resolve(memory, fd: newFD, path: newPath, length: newLength, requiring: .pathLinkTarget)
        guard linkat(source.parent, source.name, target.parent, target.name, 0) == 0 else { throw WASIErrno.last }
    }

    func pathSymlink(_ memory: GuestMemory, oldPath: UInt32, oldLength: UInt32, fd: UInt32, newPath: UInt32,
                     newLength: UInt32) throws(WASIErrno) {
        let contents = try memory.path(oldPath, length: oldLength)
        guard !contents.contains(0) else { throw .illegalSequence }
        // A link's contents are resolved in the sandbox whenever it is followed, so a relative link that points
        // out is harmless (following it fails). An absolute one could never work for the guest and would be a
        // trap for host tools walking the tree, so it is refused.
        guard contents.first != UInt8(ascii: "/") else { throw .permission }
        let target = try resolve(memory, fd: fd, path: newPath, length: newLength, requiring: .pathSymlink)
        let result = PathResolver.withCName(contents[...]) { symlinkat($0, target.parent, target.name) }
        guard result == 0 else { throw WASIErrno.last }
    }

    func pathReadlink(_ memory: GuestMemory, fd: UInt32, path: UInt32, pathLength: UInt32, buffer: UInt32,
                      bufferLength: UInt32, usedAt: UInt32) throws(WASIErrno) {
        let resolved = try resolve(memory, fd: fd, path: path, length: pathLength, requiring: .pathReadlink)
        let output = try memory.buffer(buffer, count: bufferLength)
        var contents = [CChar](repeating: 0, count: PathResolver.maximumPathLength + 1)
        let count = readlinkat(resolved.parent, resolved.name, &contents, contents.count)
        guard count >= 0 else { throw WASIErrno.last }
        let used = min(count, output.count)
        contents.withUnsafeBytes { output.baseAddress?.copyMemory(from: $0.baseAddress!, byteCount: used) }
        try memory.store(UInt32(used), at: usedAt)
    }

    func pathFilestatGet(_ memory: GuestMemory, fd: UInt32, lookupFlags: UInt32, path: UInt32, pathLength: UInt32,
                         statAt: UInt32) throws(WASIErrno) {
        let resolved = try resolve(memory, fd: fd, path: path, length: pathLength, requiring: .pathFilestatGet,
                                   follow: Self.follows(lookupFlags))
        var info = stat()
        guard fstatat(resolved.parent, resolved.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw WASIErrno.last }
        if resolved.mustBeDirectory && info.st_mode & S_IFMT != S_IFDIR { throw .notDirectory }
        try Filestat.store(info, into: memory, at: statAt)
    }

    func pathFilestatSetTimes(_ memory: GuestMemory, fd: UInt32, lookupFlags: UInt32, path: UInt32,
                              pathLength: UInt32, access: UInt64, modification: UInt64,
                              flags: UInt32) throws(WASIErrno) {
        let times = try Filestat.times(access: access, modification: modification, flags: UInt16(truncatingIfNeeded: flags))
        let resolved = try resolve(memory, fd: fd, path: path, length: pathLength, requiring: .pathFilestatSetTimes,
                                   follow: Self.follows(lookupFlags))
        guard utimensat(resolved.parent, resolved.name, times, AT_SYMLINK_NOFOLLOW) == 0 else { throw WASIErrno.last }
    }

    /// Checks `fd` is a directory with `rights`, and resolves the guest path at `path` inside it.
    private func resolve(_ memory: GuestMemory, fd: UInt32, path: UInt32, length: UInt32, requiring rights: WASIRights,
                         follow: Bool = false) throws(WASIErrno) -> ResolvedPath {
        let host = try descriptors.get(fd).directory(requiring: rights)
        return try PathResolver.resolve(try memory.path(path, length: length), in: host, followFinalSymlink: follow)
    }

    static func follows(_ lookupFlags: UInt32) -> Bool {
        WASILookupFlags(rawValue: lookupFlags).contains(.symlinkFollow)
    }
}
