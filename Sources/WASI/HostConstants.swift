#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Host constants that Swift's Glibc module does not import (they sit behind `_GNU_SOURCE` or are macros it
/// cannot translate). Values are Linux's, identical on x86-64 and AArch64.
enum HostConstants {
    #if os(Linux)
    static let openPath: Int32 = 0o10000000   // O_PATH
    static let utimeNow = (1 << 30) - 1       // UTIME_NOW
    static let utimeOmit = (1 << 30) - 2      // UTIME_OMIT
    #else
    static let utimeNow = Int(UTIME_NOW)
    static let utimeOmit = Int(UTIME_OMIT)
    #endif
}
