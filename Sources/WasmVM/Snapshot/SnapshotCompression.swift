import CZstd

/// zstd compression of a snapshot's payload.
///
/// Level 3 (zstd's default) is fast enough that snapshotting a 64 MiB memory stays well under a second, and
/// memory images compress well (mostly zero or repetitive heap). The frame carries its content size and
/// zstd's own content checksum, a second line of defence behind the file's SHA-256 trailer.
enum SnapshotCompression {
    static let level: Int32 = 3

    static func compress(_ input: [UInt8]) throws(SnapshotError) -> [UInt8] {
        guard let context = ZSTD_createCCtx() else { throw .resourceExhausted("cannot create a zstd context") }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1)
        let capacity = ZSTD_compressBound(input.count)
        var output = [UInt8](repeating: 0, count: capacity)
        let written = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { inp in
                ZSTD_compress2(context, out.baseAddress, out.count, inp.baseAddress, inp.count)
            }
        }
        guard ZSTD_isError(written) == 0 else {
            throw .resourceExhausted("zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses one frame that must expand to exactly `expectedSize` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(SnapshotError) -> [UInt8] {
        let frameSize = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        guard frameSize == UInt64(expectedSize) else {
            throw .corrupt("compressed payload declares \(frameSize) bytes, header says \(expectedSize)")
        }
        var output = [UInt8](repeating: 0, count: expectedSize)
        let produced = output.withUnsafeMutableBytes { out in
            ZSTD_decompress(out.baseAddress, out.count, input.baseAddress, input.count)
        }
        guard ZSTD_isError(produced) == 0 else {
            throw .corrupt("zstd: \(String(cString: ZSTD_getErrorName(produced)))")
        }
        guard produced == expectedSize else { throw .corrupt("payload decompressed to \(produced) bytes, expected \(expectedSize)") }
        return output
    }
}
