#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The source of `random_get`'s bytes.
public enum WASIRandom: Sendable {
    /// The host kernel's CSPRNG (`getentropy`).
    case system
    /// A reproducible stream from a seed (splitmix64), for tests. Not for anything secret.
    case deterministic(seed: UInt64)
    /// The embedder's own source, asked to fill each buffer completely.
    case custom(@Sendable (UnsafeMutableRawBufferPointer) -> Void)
}

/// The per-context state of a ``WASIRandom``.
final class RandomSource {
    let random: WASIRandom
    private var state: UInt64

    init(_ random: WASIRandom) {
        self.random = random
        if case .deterministic(let seed) = random { state = seed } else { state = 0 }
    }

    func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(WASIErrno) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        switch random {
        case .system:
            // getentropy is the portable face of the kernel CSPRNG (getrandom on Linux); it serves at most
            // 256 bytes per call.
            var filled = 0
            while filled < buffer.count {
                let count = min(256, buffer.count - filled)
                guard getentropy(base + filled, count) == 0 else { throw WASIErrno.last }
                filled += count
            }
        case .custom(let fill):
            fill(buffer)
        case .deterministic:
            var offset = 0
            while offset < buffer.count {
                var word = nextWord().littleEndian
                let count = min(8, buffer.count - offset)
                withUnsafeBytes(of: &word) { bytes in
                    (base + offset).copyMemory(from: bytes.baseAddress!, byteCount: count)
                }
                offset += count
            }
        }
    }

    /// splitmix64: tiny, fast and well distributed; determinism is the point, not secrecy.
    private func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
