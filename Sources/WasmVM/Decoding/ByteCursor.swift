/// A read position in a module binary, bounded by the end of the section or function body being read.
///
/// The cursor reads through a raw pointer instead of indexing `[UInt8]`: decoding is dominated by one-byte reads
/// and short LEB128 loops, and a pointer read costs neither a bounds check against the array nor retain/release
/// traffic. Bounds are checked once per read against `end`. A cursor is only valid inside the
/// `withUnsafeBufferPointer` call that produced `base`, so it never outlives the decoding function that made it.
struct ByteCursor {
    /// First byte of the whole module binary; `position` and `end` are offsets from it.
    let base: UnsafePointer<UInt8>
    /// Length of the whole binary.
    let binaryLength: Int
    /// Offset of the next byte to read.
    var position: Int
    /// Offset one past the last byte this cursor may read.
    var end: Int
    /// Whether `end` is the end of a section or function body rather than of the module's top level. Running
    /// past it is then "unexpected end of section or function", otherwise "unexpected end" (the spec
    /// interpreter's wordings; the first starts with the second).
    var isWithinSection: Bool

    init(base: UnsafePointer<UInt8>, binaryLength: Int, position: Int, end: Int, isWithinSection: Bool = true) {
        self.base = base
        self.binaryLength = binaryLength
        self.position = position
        self.end = end
        self.isWithinSection = isWithinSection
    }

    var isAtEnd: Bool { position >= end }
    var remaining: Int { end - position }

    // MARK: Errors

    /// The error for a read that runs past `end`.
    func endError(at offset: Int) -> DecodingError {
        DecodingError(offset: offset, isWithinSection ? "unexpected end of section or function" : "unexpected end")
    }

    // MARK: Bytes

    @inline(__always)
    mutating func readByte() throws(DecodingError) -> UInt8 {
        guard position < end else { throw endError(at: position) }
        let byte = base[position]
        position += 1
        return byte
    }

    /// The next byte without consuming it.
    @inline(__always)
    func peekByte() throws(DecodingError) -> UInt8 {
        guard position < end else { throw endError(at: position) }
        return base[position]
    }

    /// Consumes `count` bytes and returns their range in the binary.
    mutating func readRange(count: Int) throws(DecodingError) -> Range<Int> {
        guard count <= end - position else { throw endError(at: position) }
        let range = position..<(position + count)
        position += count
        return range
    }

    /// A little-endian 32-bit word (the bit pattern of an `f32.const`).
    @inline(__always)
    mutating func readFixedUInt32() throws(DecodingError) -> UInt32 {
        guard end - position >= 4 else { throw endError(at: position) }
        let value = UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self)
        position += 4
        return UInt32(littleEndian: value)
    }

    /// A little-endian 64-bit word (the bit pattern of an `f64.const`, half of a `v128.const`).
    @inline(__always)
    mutating func readFixedUInt64() throws(DecodingError) -> UInt64 {
        guard end - position >= 8 else { throw endError(at: position) }
        let value = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
        position += 8
        return UInt64(littleEndian: value)
    }

    /// A 16-byte vector immediate (`v128.const`, `i8x16.shuffle`).
    @inline(__always)
    mutating func readV128() throws(DecodingError) -> V128 {
        guard end - position >= 16 else { throw endError(at: position) }
        let low = try readFixedUInt64()
        let high = try readFixedUInt64()
        return V128(low: low, high: high)
    }

    /// A byte that the format reserves and requires to be zero (the memory index of `memory.size` and friends).
    /// A multi-byte LEB128 zero such as `0x80 0x00` is rejected too: the format says "byte", not "u32".
    @inline(__always)
    mutating func readZeroByte() throws(DecodingError) {
        let offset = position
        guard try readByte() == 0 else { throw DecodingError(offset: offset, "zero byte expected") }
    }

    // MARK: LEB128

    /// An unsigned LEB128 `u32`. One-byte encodings, by far the most common, skip the loop.
    @inline(__always)
    mutating func readU32() throws(DecodingError) -> UInt32 {
        guard position < end else { throw endError(at: position) }
        let byte = base[position]
        if byte < 0x80 {
            position += 1
            return UInt32(byte)
        }
        return UInt32(truncatingIfNeeded: try readUnsignedLEB128(bitWidth: 32))
    }

    /// A `u32` used as a length or count, returned as `Int`.
    @inline(__always)
    mutating func readCount() throws(DecodingError) -> Int {
        Int(try readU32())
    }

    /// An unsigned LEB128 integer of `bitWidth` bits (1 for limits flags, 32 for indices).
    ///
    /// An encoding may be longer than necessary, but at most `ceil(bitWidth / 7)` bytes ("integer representation
    /// too long"), and the bits of its last byte beyond `bitWidth` must be zero ("integer too large").
    mutating func readUnsignedLEB128(bitWidth: Int) throws(DecodingError) -> UInt64 {
        let maximumLength = (bitWidth + 6) / 7
        var result: UInt64 = 0
        var shift = 0
        for index in 0..<maximumLength {
            let offset = position
            let byte = try readByte()
            if index == maximumLength - 1 {
                if byte & 0x80 != 0 { throw DecodingError(offset: offset, "integer representation too long") }
                let usedBits = bitWidth - shift
                if usedBits < 7 && (byte >> usedBits) != 0 {
                    throw DecodingError(offset: offset, "integer too large")
                }
            }
            result |= UInt64(byte & 0x7F) &<< UInt64(shift)
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return result
    }

    /// A signed LEB128 `s32` (`i32.const`).
    @inline(__always)
    mutating func readS32() throws(DecodingError) -> Int32 {
        guard position < end else { throw endError(at: position) }
        let byte = base[position]
        if byte < 0x80 {
            position += 1
            return Int32(Int8(bitPattern: byte << 1) >> 1)
        }
        return Int32(truncatingIfNeeded: try readSignedLEB128(bitWidth: 32))
    }

    /// A signed LEB128 `s64` (`i64.const`).
    @inline(__always)
    mutating func readS64() throws(DecodingError) -> Int64 {
        guard position < end else { throw endError(at: position) }
        let byte = base[position]
        if byte < 0x80 {
            position += 1
            return Int64(Int8(bitPattern: byte << 1) >> 1)
        }
        return try readSignedLEB128(bitWidth: 64)
    }

    /// A signed LEB128 `s33` (a block type's type index).
    mutating func readS33() throws(DecodingError) -> Int64 {
        try readSignedLEB128(bitWidth: 33)
    }

    /// A signed LEB128 integer of `bitWidth` bits, sign-extended to 64 bits.
    ///
    /// At most `ceil(bitWidth / 7)` bytes; the bits of the last byte beyond `bitWidth` must all equal the sign bit
    /// (a sign extension), otherwise the value does not fit ("integer too large").
    mutating func readSignedLEB128(bitWidth: Int) throws(DecodingError) -> Int64 {
        let maximumLength = (bitWidth + 6) / 7
        var result: UInt64 = 0
        var shift = 0
        var byte: UInt8 = 0
        for index in 0..<maximumLength {
            let offset = position
            byte = try readByte()
            if index == maximumLength - 1 {
                if byte & 0x80 != 0 { throw DecodingError(offset: offset, "integer representation too long") }
                let usedBits = bitWidth - shift
                if usedBits < 7 {
                    // Bits usedBits-1 (the sign) through 6 must be all zeros or all ones.
                    let mask = (UInt8(0x7F) >> (usedBits - 1)) << (usedBits - 1)
                    let extensionBits = byte & mask
                    if extensionBits != 0 && extensionBits != mask {
                        throw DecodingError(offset: offset, "integer too large")
                    }
                }
            }
            result |= UInt64(byte & 0x7F) &<< UInt64(shift)
            shift += 7
            if byte & 0x80 == 0 { break }
        }
        if shift < 64 && byte & 0x40 != 0 {
            result |= ~UInt64(0) << UInt64(shift)
        }
        return Int64(bitPattern: result)
    }

    // MARK: Names

    /// A name: a `u32` byte length followed by that many bytes of well-formed UTF-8.
    mutating func readName() throws(DecodingError) -> String {
        let lengthOffset = position
        let length = try readCount()
        guard length <= end - position else { throw DecodingError(offset: lengthOffset, "length out of bounds") }
        let bytes = UnsafeBufferPointer(start: base + position, count: length)
        guard UTF8Validation.isWellFormed(bytes) else {
            throw DecodingError(offset: position, "malformed UTF-8 encoding")
        }
        position += length
        return String(decoding: bytes, as: UTF8.self)
    }
}
