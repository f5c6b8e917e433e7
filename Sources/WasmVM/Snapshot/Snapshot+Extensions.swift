extension Snapshot {
    /// The embedder's extension sections, read without the module.
    ///
    /// A tool that restores a snapshot may first need to learn *which* module it belongs to — the `wasmvm` CLI
    /// records the module's path in an extension of its own. This verifies the file as far as that is possible
    /// without the module (magic, versions, length, checksum; not the module's hash) and walks the payload's
    /// sections, skipping the instance sections undecoded. ``SnapshotTemplate`` then does the full check.
    public func extensions() throws(SnapshotError) -> [SnapshotExtension] {
        let header = try verifiedHeader()
        let payload = try decompressedPayload(header)
        return try payload.withUnsafeBytes { bytes in
            Result { () throws(SnapshotError) in
                var reader = SnapshotReader(bytes)
                var extensions: [SnapshotExtension] = []
                while !reader.isAtEnd {
                    guard let id = SnapshotSectionID(rawValue: try reader.u8()) else { throw .corrupt("unknown section id") }
                    let length = try reader.count(limit: bytes.count)
                    let start = reader.offset
                    _ = try reader.take(length)
                    guard id == .extension else { continue }
                    var section = SnapshotReader(bytes, from: start, to: start + length)
                    extensions.append(try SnapshotExtension(reading: &section))
                    guard section.isAtEnd else { throw .corrupt("section \(id) has trailing bytes") }
                }
                return extensions
            }
        }.get()
    }

    /// The payload, decompressed (its size is checked against the header's).
    func decompressedPayload(_ header: SnapshotHeader) throws(SnapshotError) -> [UInt8] {
        try bytes.withUnsafeBytes { bytes in
            Result { () throws(SnapshotError) in
                let start = SnapshotFormat.headerSize
                return try SnapshotCompression.decompress(
                    UnsafeRawBufferPointer(rebasing: bytes[start..<start + header.compressedPayloadSize]),
                    expectedSize: header.payloadSize)
            }
        }.get()
    }
}

extension SnapshotExtension {
    /// Reads an extension section's body: u32 name length, UTF-8 name, u64 data length, data.
    init(reading section: inout SnapshotReader) throws(SnapshotError) {
        let nameLength = Int(try section.u32())
        let name = String(decoding: try section.take(nameLength), as: UTF8.self)
        let count = try section.count(limit: section.end - section.offset)
        self.init(name: name, bytes: Array(try section.take(count)))
    }
}
