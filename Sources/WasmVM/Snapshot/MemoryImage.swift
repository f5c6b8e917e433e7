#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot's memory contents, held once per template and mapped copy-on-write into each restored instance.
///
/// On Linux the image is an anonymous in-memory file (`memfd_create`), written once with the non-zero runs and
/// sealed against further writes. A restore maps it `MAP_PRIVATE | MAP_FIXED` over the new memory's
/// reservation: that is one `mmap` call whatever the memory's size, pages are shared with the template until an
/// instance writes to them, and untouched holes read as zero without ever being allocated. So restoring is
/// independent of memory size, and N instances of a 64 MiB image cost 64 MiB plus what each one dirties.
///
/// Where `memfd_create` is unavailable (not Linux) the image is kept in an ordinary buffer and restore copies it.
final class MemoryImage: @unchecked Sendable {
    // @unchecked: all stored properties are immutable after init; the descriptor and buffer are only read.

    let byteCount: Int
    /// The sealed memory file (Linux), or -1.
    private let descriptor: Int32
    /// The image for platforms without memfd.
    private let buffer: UnsafeMutableRawPointer?

    /// Builds the image from `runs` (offset, bytes) of a memory `byteCount` bytes long.
    init(byteCount: Int, runs: [(offset: Int, bytes: UnsafeRawBufferPointer)]) throws(SnapshotError) {
        self.byteCount = byteCount
        #if os(Linux)
        let fd = try Self.createMemoryFile()
        guard ftruncate(fd, off_t(byteCount)) == 0 else {
            close(fd)
            throw .resourceExhausted("cannot size the memory image to \(byteCount) bytes (errno \(errno))")
        }
        for run in runs {
            var written = 0
            while written < run.bytes.count {
                let n = pwrite(fd, run.bytes.baseAddress! + written, run.bytes.count - written, off_t(run.offset + written))
                guard n > 0 else {
                    close(fd)
                    throw .resourceExhausted("cannot write the memory image (errno \(errno))")
                }
                written += n
            }
        }
        // Sealed, the template cannot change under the instances mapped from it (private mappings stay allowed).
        _ = fcntl(fd, LinuxConstants.addSeals, LinuxConstants.sealAll)
        descriptor = fd
        buffer = nil
        #else
        let image = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 4096)
        image.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        for run in runs { (image + run.offset).copyMemory(from: run.bytes.baseAddress!, byteCount: run.bytes.count) }
        descriptor = -1
        buffer = image
        #endif
    }

    #if os(Linux)
    /// Creates the anonymous file. Glibc's Swift overlay does not expose `memfd_create` (it is declared only
    /// under `_GNU_SOURCE`), so it is looked up with `dlsym`; an unlinked temporary file is the fallback.
    private static func createMemoryFile() throws(SnapshotError) -> Int32 {
        typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memfd_create") {  // RTLD_DEFAULT
            let memfdCreate = unsafeBitCast(symbol, to: MemfdCreate.self)
            let fd = memfdCreate("wasmvm-snapshot-memory", LinuxConstants.memfdCloexec | LinuxConstants.memfdAllowSealing)
            if fd >= 0 { return fd }
        }
        var template = Array("/dev/shm/wasmvm-snapshot-XXXXXX".utf8CString)
        var fd = mkstemp(&template)
        if fd < 0 {
            template = Array("/tmp/wasmvm-snapshot-XXXXXX".utf8CString)
            fd = mkstemp(&template)
        }
        guard fd >= 0 else { throw .resourceExhausted("cannot create a memory image file (errno \(errno))") }
        unlink(template)
        return fd
    }
    #endif

    deinit {
        // Mappings made from the descriptor keep the file alive after it is closed.
        if descriptor >= 0 { close(descriptor) }
        buffer?.deallocate()
    }

    /// Makes the first `byteCount` bytes at `base` (inside a memory reservation) a private copy of the image.
    func map(at base: UnsafeMutableRawPointer) throws(SnapshotError) {
        guard byteCount > 0 else { return }
        #if os(Linux)
        let mapped = mmap(base, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, descriptor, 0)
        guard mapped == base else { throw .resourceExhausted("cannot map the memory image (errno \(errno))") }
        #else
        guard mprotect(base, byteCount, PROT_READ | PROT_WRITE) == 0 else {
            throw .resourceExhausted("cannot commit \(byteCount) bytes of memory")
        }
        base.copyMemory(from: buffer!, byteCount: byteCount)
        #endif
    }
}

#if os(Linux)
/// Linux constants the Glibc overlay hides behind `_GNU_SOURCE` (values from <linux/memfd.h>, <linux/fcntl.h>).
private enum LinuxConstants {
    static let memfdCloexec: UInt32 = 0x1
    static let memfdAllowSealing: UInt32 = 0x2
    /// F_LINUX_SPECIFIC_BASE (1024) + 9.
    static let addSeals: Int32 = 1033
    /// F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE.
    static let sealAll: Int32 = 0x1 | 0x2 | 0x4 | 0x8
}
#endif
