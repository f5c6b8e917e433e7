/// A serialized snapshot of an initialized instance: the bytes of a snapshot file (see Docs/SnapshotFormat.md).
///
/// A `Snapshot` is just bytes; nothing is checked until it is read. ``SnapshotTemplate`` verifies and decodes it
/// once, and instances are restored from the template:
///
/// ```swift
/// let snapshot = try instance.snapshot()                 // after running initialisation code
/// try Data(snapshot.bytes).write(to: url)
/// ...
/// let template = try SnapshotTemplate(Snapshot(bytes: bytes), module: module)   // once per process
/// let fresh = try Store().restore(template, imports: imports)                     // per request, microseconds
/// ```
public struct Snapshot: Sendable, Equatable {
    /// The file's bytes.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Reads and verifies the header and the checksum: the magic, the format version, the length, the SHA-256
    /// trailer and the engine version, in that order. It does not check which module the snapshot is of.
    public func verifiedHeader() throws(SnapshotError) -> SnapshotHeader {
        let header = try SnapshotHeader(unverified: bytes)
        let expected = SnapshotFormat.headerSize + header.compressedPayloadSize + SnapshotFormat.trailerSize
        guard bytes.count == expected else { throw .truncated(expectedBytes: expected, actualBytes: bytes.count) }
        let digestOffset = expected - SnapshotFormat.trailerSize
        let digest = bytes.withUnsafeBytes { SHA256.hash(UnsafeRawBufferPointer(rebasing: $0[..<digestOffset])) }
        guard digest.elementsEqual(bytes[digestOffset...]) else { throw .checksumMismatch }
        guard header.engineVersion == SnapshotFormat.engineVersion else {
            throw .engineVersionMismatch(found: header.engineVersion, expected: SnapshotFormat.engineVersion)
        }
        return header
    }
}

/// The fixed-size header of a snapshot file.
public struct SnapshotHeader: Sendable, Equatable {
    public var formatVersion: UInt32
    public var engineVersion: UInt32
    /// SHA-256 of the module binary the snapshot was taken from.
    public var moduleHash: [UInt8]
    public var payloadSize: Int
    public var compressedPayloadSize: Int

    /// Parses the header, checking only the magic, the format version and that the sizes are sane.
    init(unverified bytes: [UInt8]) throws(SnapshotError) {
        guard bytes.count >= SnapshotFormat.magic.count else {
            if bytes.elementsEqual(SnapshotFormat.magic.prefix(bytes.count)) {
                throw .truncated(expectedBytes: SnapshotFormat.headerSize, actualBytes: bytes.count)
            }
            throw .notASnapshot
        }
        guard bytes.prefix(8).elementsEqual(SnapshotFormat.magic) else { throw .notASnapshot }
        guard bytes.count >= 12 else { throw .truncated(expectedBytes: SnapshotFormat.headerSize, actualBytes: bytes.count) }
        let fields = try bytes.withUnsafeBytes { buffer in Result { () throws(SnapshotError) in
            var reader = SnapshotReader(buffer, from: 8)
            let formatVersion = try reader.u32()
            guard formatVersion == SnapshotFormat.formatVersion else {
                throw .unsupportedFormatVersion(found: formatVersion, supported: SnapshotFormat.formatVersion)
            }
            guard buffer.count >= SnapshotFormat.headerSize else {
                throw .truncated(expectedBytes: SnapshotFormat.headerSize, actualBytes: buffer.count)
            }
            let engineVersion = try reader.u32()
            let hash = Array(try reader.take(32))
            let payloadSize = try reader.u64()
            let compressedSize = try reader.u64()
            return (formatVersion, engineVersion, hash, payloadSize, compressedSize)
        } }.get()
        // Sizes are bounded so a damaged header cannot make us allocate or index absurdly.
        let limit = UInt64(1) << 40
        guard fields.3 <= limit, fields.4 <= limit else { throw .checksumMismatch }
        formatVersion = fields.0
        engineVersion = fields.1
        moduleHash = fields.2
        payloadSize = Int(fields.3)
        compressedPayloadSize = Int(fields.4)
    }
}

/// An embedder's named, opaque section in a snapshot.
///
/// The engine stores extensions verbatim and hands them back at restore (``SnapshotTemplate/extensions``).
/// This is how state that lives outside the instance travels with it — for example a WASI context's
/// preopens, environment, arguments and clock mode, serialized by the WASI layer under the name "wasi".
public struct SnapshotExtension: Sendable, Equatable {
    public var name: String
    public var bytes: [UInt8]
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

extension Module {
    /// SHA-256 of the module binary: the identity a snapshot records. Computed on first access (about 120 ms
    /// for a 15 MB module) and remembered while the module lives.
    public var sha256: [UInt8] { ModuleHashCache.shared.digest(of: self) }
}
