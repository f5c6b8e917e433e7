/// Constants of the snapshot file format (see Docs/SnapshotFormat.md).
public enum SnapshotFormat {
    /// Version of the file layout. Bump it when the header or a section's encoding changes.
    public static let formatVersion: UInt32 = 1

    /// Version of the engine's runtime representation that snapshots depend on: global cell layout, reference
    /// encodings, and the shape of an instance (what `InstanceStorage` holds). Translated bytecode is not stored
    /// (a restored instance shares the module's lazily translated code), so a translator change does not need a
    /// bump; a change to how instances, tables or globals hold state does.
    public static let engineVersion: UInt32 = 1

    /// The first eight bytes of every snapshot file: NUL, then "WVMSNAP" (a NUL first, like `\0asm`, so the file
    /// is never mistaken for text).
    static let magic: [UInt8] = [0x00, 0x57, 0x56, 0x4D, 0x53, 0x4E, 0x41, 0x50]

    /// Header size: magic 8, format version 4, engine version 4, module SHA-256 32, payload sizes 8 + 8.
    static let headerSize = 64
    /// Trailer size: the SHA-256 of everything before it.
    static let trailerSize = 32

    /// Granularity of the sparse memory image: the host page size, so the template image and a copy-on-write
    /// mapping agree on what an untouched page is.
    static let memoryChunkSize = 4096
}

/// Identifiers of the payload's sections.
enum SnapshotSectionID: UInt8 {
    /// Counts of the instance's index spaces and segments, checked against the module.
    case layout = 1
    /// Every global of the global index space: type code, then the 16-byte cell.
    case globals = 2
    /// The instance's own tables: type, size, maximum, encoded references.
    case tables = 3
    /// The instance's own memories: size, maximum, and the runs of non-zero 4 KiB chunks.
    case memories = 4
    /// Dropped data and element segments.
    case segments = 5
    /// An embedder's named, opaque section (for example the WASI context).
    case `extension` = 6
}

/// Value type codes in the globals section: the binary format's encodings.
enum SnapshotValueTypeCode {
    static func code(of type: ValueType) -> UInt8 {
        switch type {
        case .i32: 0x7F
        case .i64: 0x7E
        case .f32: 0x7D
        case .f64: 0x7C
        case .v128: 0x7B
        case .ref(.funcRef): 0x70
        case .ref(.externRef): 0x6F
        }
    }
}

/// Little-endian serialisation into a growing byte array.
struct SnapshotWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ value: Int) { u64(UInt64(value)) }
    mutating func raw(_ data: UnsafeRawBufferPointer) { bytes.append(contentsOf: data) }
    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Appends a section: its id, its length, then whatever `body` writes.
    mutating func section(_ id: SnapshotSectionID, _ body: (inout SnapshotWriter) throws(SnapshotError) -> Void) throws(SnapshotError) {
        u8(id.rawValue)
        let lengthOffset = bytes.count
        u64(0)
        try body(&self)
        let length = UInt64(bytes.count - lengthOffset - 8).littleEndian
        withUnsafeBytes(of: length) { for i in 0..<8 { bytes[lengthOffset + i] = $0[i] } }
    }
}

/// Bounds-checked little-endian reading; any overrun is a ``SnapshotError/corrupt(_:)``.
struct SnapshotReader {
    let buffer: UnsafeRawBufferPointer
    var offset: Int
    let end: Int

    init(_ buffer: UnsafeRawBufferPointer, from start: Int = 0, to end: Int? = nil) {
        self.buffer = buffer
        offset = start
        self.end = end ?? buffer.count
    }

    var isAtEnd: Bool { offset == end }

    mutating func take(_ count: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= end - offset else { throw .corrupt("section overruns its length at byte \(offset)") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    mutating func u8() throws(SnapshotError) -> UInt8 { try take(1)[0] }
    mutating func u32() throws(SnapshotError) -> UInt32 { UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self)) }
    mutating func u64() throws(SnapshotError) -> UInt64 { UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self)) }

    /// A u64 that must fit an `Int` below `limit` (counts and sizes), so a forged value cannot overflow.
    mutating func count(limit: Int = Int(Int32.max)) throws(SnapshotError) -> Int {
        let value = try u64()
        guard value <= UInt64(limit) else { throw .corrupt("count \(value) exceeds \(limit)") }
        return Int(value)
    }
}
