extension SIMDSemantics {
    /// Lane-wise shifts (``SIMDOperationKind/shift``). The count is taken modulo the lane width, which is
    /// exactly what Swift's masking shifts `&<<` / `&>>` do.
    static func shift(_ op: SIMDOpcode, _ a: V128, _ count: UInt32) -> V128 {
        switch op {
        case .i8x16Shl: return map(a, U8x16.self) { $0 &<< count }
        case .i8x16ShrS: return map(a, I8x16.self) { $0 &>> count }
        case .i8x16ShrU: return map(a, U8x16.self) { $0 &>> count }
        case .i16x8Shl: return map(a, U16x8.self) { $0 &<< count }
        case .i16x8ShrS: return map(a, I16x8.self) { $0 &>> count }
        case .i16x8ShrU: return map(a, U16x8.self) { $0 &>> count }
        case .i32x4Shl: return map(a, U32x4.self) { $0 &<< count }
        case .i32x4ShrS: return map(a, I32x4.self) { $0 &>> count }
        case .i32x4ShrU: return map(a, U32x4.self) { $0 &>> count }
        case .i64x2Shl: return V128(low: a.low &<< count, high: a.high &<< count)
        case .i64x2ShrS:
            return V128(
                low: UInt64(bitPattern: Int64(bitPattern: a.low) &>> count),
                high: UInt64(bitPattern: Int64(bitPattern: a.high) &>> count))
        case .i64x2ShrU: return V128(low: a.low &>> count, high: a.high &>> count)
        default:
            preconditionFailure("\(op) is not a SIMD shift")
        }
    }
}
