#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A guest path resolved inside a directory descriptor: the host directory that holds the final component, and
/// that component's name. The `path_*` functions finish with one `*at` call on these two, never following a
/// symbolic link there (any link the guest asked to follow has already been followed here).
final class ResolvedPath {
    /// Host descriptor of the directory holding ``name``.
    let parent: Int32
    /// The final component, NUL-terminated for the `*at` calls: a plain name, or "." for the directory itself.
    let name: [CChar]
    /// The guest path ended in "/" (or named a directory through "." / ".."), so it must be a directory.
    let mustBeDirectory: Bool
    private let ownsParent: Bool

    init(parent: Int32, ownsParent: Bool, name: [UInt8], mustBeDirectory: Bool) {
        self.parent = parent
        self.ownsParent = ownsParent
        self.name = name.map { CChar(bitPattern: $0) } + [0]
        self.mustBeDirectory = mustBeDirectory
    }

    deinit {
        if ownsParent { close(parent) }
    }

    /// Whether the path names the directory itself ("." after resolution), which cannot be unlinked or renamed.
    var isSelf: Bool { name == [CChar(UInt8(ascii: ".")), 0] }
}

/// Resolves guest paths component by component so that nothing leads outside the directory they start from.
///
/// The kernel is never handed a multi-component path: each directory on the way is opened with
/// `openat(O_NOFOLLOW | O_DIRECTORY)` relative to the previous one, so a symbolic link or `..` can only take
/// effect where this code decides. Specifically:
/// - absolute paths are refused: a guest has no root, only the directories it was given;
/// - `..` pops the chain of opened directories and is refused when the chain is empty, i.e. it can never climb
///   above the starting directory, not even temporarily;
/// - a symbolic link met in the middle of a path, or at the end when the caller follows links, is read with
///   `readlinkat` and its target spliced into the remaining components, so it is resolved by these same rules
///   (an absolute target or one that climbs out is refused); at most ``symlinkLimit`` links are followed (`loop`).
///
/// Every refusal is `perm`, as wasmtime answers (so guests behave the same on both); `notcapable` stays the
/// answer for a descriptor that lacks a right.
enum PathResolver {
    static let symlinkLimit = 40
    static let maximumPathLength = 4096

    #if os(Linux)
    /// `O_PATH` descriptors are enough to serve as the `dirfd` of `*at` calls and need no read permission on the
    /// directory, matching how the kernel itself walks a path (search permission only).
    private static let walkFlags = HostConstants.openPath | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
    #else
    private static let walkFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
    #endif

    static func resolve(_ path: [UInt8], in base: Int32, followFinalSymlink: Bool) throws(WASIErrno) -> ResolvedPath {
        guard !path.isEmpty else { throw .noEntry }
        guard path.count <= maximumPathLength else { throw .nameTooLong }
        guard !path.contains(0) else { throw .illegalSequence }
        guard path[0] != UInt8(ascii: "/") else { throw .permission }

        let chain = DirectoryChain()
        var pending: [ArraySlice<UInt8>] = components(of: path).reversed()
        var trailingSlash = path.last == UInt8(ascii: "/")
        var linksFollowed = 0

        /// Splices a symbolic link's target in front of the remaining components.
        func splice(_ target: [UInt8]) throws(WASIErrno) {
            linksFollowed += 1
            guard linksFollowed <= symlinkLimit else { throw .loop }
            guard !target.isEmpty else { throw .noEntry }
            guard target[0] != UInt8(ascii: "/") else { throw .permission }
            if pending.isEmpty && target.last == UInt8(ascii: "/") { trailingSlash = true }
            pending.append(contentsOf: components(of: target).reversed())
        }

        while let component = pending.popLast() {
            let isLast = pending.isEmpty
            if component.elementsEqual([UInt8(ascii: ".")]) {
                if isLast { return chain.result(base: base, name: Array(component), mustBeDirectory: true) }
                continue
            }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                guard chain.pop() else { throw .permission }
                if isLast { return chain.result(base: base, name: [UInt8(ascii: ".")], mustBeDirectory: true) }
                continue
            }
            let current = chain.current(base: base)
            if isLast {
                if followFinalSymlink || trailingSlash, let target = readLink(in: current, component) {
                    try splice(target)
                    continue
                }
                return chain.result(base: base, name: Array(component), mustBeDirectory: trailingSlash)
            }
            let next = withCName(component) { openat(current, $0, walkFlags) }
            if next >= 0 {
                chain.push(next)
                continue
            }
            let failure = errno
            if failure == ELOOP || failure == ENOTDIR, let target = readLink(in: current, component) {
                try splice(target)
                continue
            }
            throw WASIErrno(hostErrno: failure)
        }
        // Only reachable if every component was empty, which the checks above exclude.
        throw .noEntry
    }

    /// The non-empty components of a path ("a//b/" → ["a", "b"]).
    static func components(of path: [UInt8]) -> [ArraySlice<UInt8>] {
        path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
    }

    /// The target of the symbolic link `name` in `directory`, or nil if it is not a link.
    static func readLink(in directory: Int32, _ name: ArraySlice<UInt8>) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximumPathLength + 1)
        let count = withCName(name) { cName in
            buffer.withUnsafeMutableBytes { readlinkat(directory, cName, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
        }
        guard count >= 0 else { return nil }
        return Array(buffer[0..<count])
    }

    static func withCName<R>(_ name: ArraySlice<UInt8>, _ body: (UnsafePointer<CChar>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: name.count + 1) { buffer in
            for (i, byte) in name.enumerated() { buffer[i] = CChar(bitPattern: byte) }
            buffer[name.count] = 0
            return body(buffer.baseAddress!)
        }
    }
}

/// The directories opened while walking a path, closed when the walk is done (or fails).
private final class DirectoryChain {
    private var descriptors: [Int32] = []

    deinit { descriptors.forEach { close($0) } }

    func current(base: Int32) -> Int32 { descriptors.last ?? base }

    func push(_ fd: Int32) { descriptors.append(fd) }

    /// Goes up one level; false if that would leave the starting directory.
    func pop() -> Bool {
        guard let fd = descriptors.popLast() else { return false }
        close(fd)
        return true
    }

    /// Hands the innermost directory to a ``ResolvedPath`` (which then owns it).
    func result(base: Int32, name: [UInt8], mustBeDirectory: Bool) -> ResolvedPath {
        if let last = descriptors.popLast() {
            return ResolvedPath(parent: last, ownsParent: true, name: name, mustBeDirectory: mustBeDirectory)
        }
        return ResolvedPath(parent: base, ownsParent: false, name: name, mustBeDirectory: mustBeDirectory)
    }
}
