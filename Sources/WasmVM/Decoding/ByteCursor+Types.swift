/// Reading the type encodings shared by sections and instructions.
extension ByteCursor {
    /// The value type for a one-byte type code, or nil if the byte is not one.
    @inline(__always)
    static func valueType(code: UInt8) -> ValueType? {
        switch code {
        case 0x7F: .i32
        case 0x7E: .i64
        case 0x7D: .f32
        case 0x7C: .f64
        case 0x7B: .v128
        case 0x70: .ref(.funcRef)
        case 0x6F: .ref(.externRef)
        default: nil
        }
    }

    mutating func readValueType() throws(DecodingError) -> ValueType {
        let offset = position
        guard let type = Self.valueType(code: try readByte()) else {
            throw DecodingError(offset: offset, "malformed value type")
        }
        return type
    }

    mutating func readReferenceType() throws(DecodingError) -> ReferenceType {
        let offset = position
        guard let type = ReferenceType(rawValue: try readByte()) else {
            throw DecodingError(offset: offset, "malformed reference type")
        }
        return type
    }

    /// `vec(valtype)`, as in the parameter and result lists of a function type.
    mutating func readResultType() throws(DecodingError) -> [ValueType] {
        let count = try readCount()
        var types: [ValueType] = []
        types.reserveCapacity(Swift.min(count, remaining))
        for _ in 0..<count { types.append(try readValueType()) }
        return types
    }

    /// `0x60 vec(valtype) vec(valtype)`.
    mutating func readFunctionType() throws(DecodingError) -> FunctionType {
        let offset = position
        let form = try readByte()
        guard form == 0x60 else {
            // The form is an LEB128 `s7` in the spec interpreter, so a continuation bit makes it too long.
            let message = form & 0x80 != 0 ? "integer representation too long" : "malformed function type"
            throw DecodingError(offset: offset, message)
        }
        let parameters = try readResultType()
        let results = try readResultType()
        return FunctionType(parameters: parameters, results: results)
    }

    /// Limits: a flag (an LEB128 `u1`, so `0x81 0x00` is "too long" and `0x02` is "too large", as in the spec
    /// interpreter), a `u32` minimum and, with flag 1, a `u32` maximum.
    mutating func readLimits() throws(DecodingError) -> Limits {
        let hasMaximum = try readUnsignedLEB128(bitWidth: 1) == 1
        let minimum = try readU32()
        let maximum = hasMaximum ? try readU32() : nil
        return Limits(min: UInt64(minimum), max: maximum.map(UInt64.init))
    }

    mutating func readTableType() throws(DecodingError) -> TableType {
        let elementType = try readReferenceType()
        return TableType(elementType: elementType, limits: try readLimits())
    }

    mutating func readMemoryType() throws(DecodingError) -> MemoryType {
        MemoryType(limits: try readLimits())
    }

    mutating func readGlobalType() throws(DecodingError) -> GlobalType {
        let valueType = try readValueType()
        let offset = position
        let mutability: Mutability
        switch try readByte() {
        case 0x00: mutability = .constant
        case 0x01: mutability = .variable
        default: throw DecodingError(offset: offset, "malformed mutability")
        }
        return GlobalType(mutability: mutability, valueType: valueType)
    }
}
