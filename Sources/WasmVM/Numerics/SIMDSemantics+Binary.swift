extension SIMDSemantics {
    /// Every `v128 v128 → v128` operation (``SIMDOperationKind/binary``).
    static func binary(_ op: SIMDOpcode, _ a: V128, _ b: V128) -> V128 {
        switch op {
        // Bitwise.
        case .v128And: return V128(low: a.low & b.low, high: a.high & b.high)
        case .v128AndNot: return V128(low: a.low & ~b.low, high: a.high & ~b.high)
        case .v128Or: return V128(low: a.low | b.low, high: a.high | b.high)
        case .v128Xor: return V128(low: a.low ^ b.low, high: a.high ^ b.high)

        // i8x16 comparisons.
        case .i8x16Eq: return compare(a, b, U8x16.self, ==)
        case .i8x16Ne: return compare(a, b, U8x16.self, !=)
        case .i8x16LtS: return compare(a, b, I8x16.self, <)
        case .i8x16LtU: return compare(a, b, U8x16.self, <)
        case .i8x16GtS: return compare(a, b, I8x16.self, >)
        case .i8x16GtU: return compare(a, b, U8x16.self, >)
        case .i8x16LeS: return compare(a, b, I8x16.self, <=)
        case .i8x16LeU: return compare(a, b, U8x16.self, <=)
        case .i8x16GeS: return compare(a, b, I8x16.self, >=)
        case .i8x16GeU: return compare(a, b, U8x16.self, >=)

        // i16x8 comparisons.
        case .i16x8Eq: return compare(a, b, U16x8.self, ==)
        case .i16x8Ne: return compare(a, b, U16x8.self, !=)
        case .i16x8LtS: return compare(a, b, I16x8.self, <)
        case .i16x8LtU: return compare(a, b, U16x8.self, <)
        case .i16x8GtS: return compare(a, b, I16x8.self, >)
        case .i16x8GtU: return compare(a, b, U16x8.self, >)
        case .i16x8LeS: return compare(a, b, I16x8.self, <=)
        case .i16x8LeU: return compare(a, b, U16x8.self, <=)
        case .i16x8GeS: return compare(a, b, I16x8.self, >=)
        case .i16x8GeU: return compare(a, b, U16x8.self, >=)

        // i32x4 comparisons.
        case .i32x4Eq: return compare(a, b, U32x4.self, ==)
        case .i32x4Ne: return compare(a, b, U32x4.self, !=)
        case .i32x4LtS: return compare(a, b, I32x4.self, <)
        case .i32x4LtU: return compare(a, b, U32x4.self, <)
        case .i32x4GtS: return compare(a, b, I32x4.self, >)
        case .i32x4GtU: return compare(a, b, U32x4.self, >)
        case .i32x4LeS: return compare(a, b, I32x4.self, <=)
        case .i32x4LeU: return compare(a, b, U32x4.self, <=)
        case .i32x4GeS: return compare(a, b, I32x4.self, >=)
        case .i32x4GeU: return compare(a, b, U32x4.self, >=)

        // i64x2 comparisons (signed only).
        case .i64x2Eq: return compare(a, b, U64x2.self, ==)
        case .i64x2Ne: return compare(a, b, U64x2.self, !=)
        case .i64x2LtS: return compare(a, b, I64x2.self, <)
        case .i64x2GtS: return compare(a, b, I64x2.self, >)
        case .i64x2LeS: return compare(a, b, I64x2.self, <=)
        case .i64x2GeS: return compare(a, b, I64x2.self, >=)

        // Float comparisons: IEEE (any NaN makes everything but `ne` false).
        case .f32x4Eq: return compare(a, b, U32x4.self) { Float(bitPattern: $0) == Float(bitPattern: $1) }
        case .f32x4Ne: return compare(a, b, U32x4.self) { Float(bitPattern: $0) != Float(bitPattern: $1) }
        case .f32x4Lt: return compare(a, b, U32x4.self) { Float(bitPattern: $0) < Float(bitPattern: $1) }
        case .f32x4Gt: return compare(a, b, U32x4.self) { Float(bitPattern: $0) > Float(bitPattern: $1) }
        case .f32x4Le: return compare(a, b, U32x4.self) { Float(bitPattern: $0) <= Float(bitPattern: $1) }
        case .f32x4Ge: return compare(a, b, U32x4.self) { Float(bitPattern: $0) >= Float(bitPattern: $1) }
        case .f64x2Eq: return compare(a, b, U64x2.self) { Double(bitPattern: $0) == Double(bitPattern: $1) }
        case .f64x2Ne: return compare(a, b, U64x2.self) { Double(bitPattern: $0) != Double(bitPattern: $1) }
        case .f64x2Lt: return compare(a, b, U64x2.self) { Double(bitPattern: $0) < Double(bitPattern: $1) }
        case .f64x2Gt: return compare(a, b, U64x2.self) { Double(bitPattern: $0) > Double(bitPattern: $1) }
        case .f64x2Le: return compare(a, b, U64x2.self) { Double(bitPattern: $0) <= Double(bitPattern: $1) }
        case .f64x2Ge: return compare(a, b, U64x2.self) { Double(bitPattern: $0) >= Double(bitPattern: $1) }

        // Saturating narrow (inputs are always read as signed).
        case .i8x16NarrowI16x8S: return narrow(a, b, I16x8.self, to: I8x16.self)
        case .i8x16NarrowI16x8U: return narrow(a, b, I16x8.self, to: U8x16.self)
        case .i16x8NarrowI32x4S: return narrow(a, b, I32x4.self, to: I16x8.self)
        case .i16x8NarrowI32x4U: return narrow(a, b, I32x4.self, to: U16x8.self)

        // i8x16 arithmetic.
        case .i8x16Add: return V128(lanes: a.lanes(U8x16.self) &+ b.lanes(U8x16.self))
        case .i8x16Sub: return V128(lanes: a.lanes(U8x16.self) &- b.lanes(U8x16.self))
        case .i8x16AddSatS: return zip(a, b, I8x16.self) { Int8(clamping: Int($0) + Int($1)) }
        case .i8x16AddSatU: return zip(a, b, U8x16.self) { UInt8(clamping: Int($0) + Int($1)) }
        case .i8x16SubSatS: return zip(a, b, I8x16.self) { Int8(clamping: Int($0) - Int($1)) }
        case .i8x16SubSatU: return zip(a, b, U8x16.self) { UInt8(clamping: Int($0) - Int($1)) }
        case .i8x16MinS: return zip(a, b, I8x16.self, min)
        case .i8x16MinU: return zip(a, b, U8x16.self, min)
        case .i8x16MaxS: return zip(a, b, I8x16.self, max)
        case .i8x16MaxU: return zip(a, b, U8x16.self, max)
        case .i8x16AvgrU: return zip(a, b, U8x16.self) { UInt8(truncatingIfNeeded: (Int($0) + Int($1) + 1) >> 1) }
        case .i8x16Swizzle:
            let x = a.lanes(U8x16.self), selectors = b.lanes(U8x16.self)
            var result = U8x16()
            for i in result.indices {
                let selector = Int(selectors[i])
                result[i] = selector < 16 ? x[selector] : 0
            }
            return V128(lanes: result)

        // i16x8 arithmetic.
        case .i16x8Add: return V128(lanes: a.lanes(U16x8.self) &+ b.lanes(U16x8.self))
        case .i16x8Sub: return V128(lanes: a.lanes(U16x8.self) &- b.lanes(U16x8.self))
        case .i16x8Mul: return V128(lanes: a.lanes(U16x8.self) &* b.lanes(U16x8.self))
        case .i16x8AddSatS: return zip(a, b, I16x8.self) { Int16(clamping: Int($0) + Int($1)) }
        case .i16x8AddSatU: return zip(a, b, U16x8.self) { UInt16(clamping: Int($0) + Int($1)) }
        case .i16x8SubSatS: return zip(a, b, I16x8.self) { Int16(clamping: Int($0) - Int($1)) }
        case .i16x8SubSatU: return zip(a, b, U16x8.self) { UInt16(clamping: Int($0) - Int($1)) }
        case .i16x8MinS: return zip(a, b, I16x8.self, min)
        case .i16x8MinU: return zip(a, b, U16x8.self, min)
        case .i16x8MaxS: return zip(a, b, I16x8.self, max)
        case .i16x8MaxU: return zip(a, b, U16x8.self, max)
        case .i16x8AvgrU: return zip(a, b, U16x8.self) { UInt16(truncatingIfNeeded: (Int($0) + Int($1) + 1) >> 1) }
        case .i16x8Q15mulrSatS:
            // Rounding Q15 multiply; only -32768 * -32768 overflows, and saturates to 32767.
            return zip(a, b, I16x8.self) { Int16(clamping: (Int($0) * Int($1) + 0x4000) >> 15) }
        case .i16x8ExtmulLowI8x16S: return extendedMultiply(a, b, I8x16.self, to: I16x8.self, high: false)
        case .i16x8ExtmulHighI8x16S: return extendedMultiply(a, b, I8x16.self, to: I16x8.self, high: true)
        case .i16x8ExtmulLowI8x16U: return extendedMultiply(a, b, U8x16.self, to: U16x8.self, high: false)
        case .i16x8ExtmulHighI8x16U: return extendedMultiply(a, b, U8x16.self, to: U16x8.self, high: true)

        // i32x4 arithmetic.
        case .i32x4Add: return V128(lanes: a.lanes(U32x4.self) &+ b.lanes(U32x4.self))
        case .i32x4Sub: return V128(lanes: a.lanes(U32x4.self) &- b.lanes(U32x4.self))
        case .i32x4Mul: return V128(lanes: a.lanes(U32x4.self) &* b.lanes(U32x4.self))
        case .i32x4MinS: return zip(a, b, I32x4.self, min)
        case .i32x4MinU: return zip(a, b, U32x4.self, min)
        case .i32x4MaxS: return zip(a, b, I32x4.self, max)
        case .i32x4MaxU: return zip(a, b, U32x4.self, max)
        case .i32x4DotI16x8S:
            // Each product fits in 31 bits; only the sum of two (-32768)² products wraps, as the spec says.
            let x = a.lanes(I16x8.self), y = b.lanes(I16x8.self)
            var result = I32x4()
            for i in result.indices {
                result[i] = Int32(x[2 * i]) * Int32(y[2 * i]) &+ Int32(x[2 * i + 1]) * Int32(y[2 * i + 1])
            }
            return V128(lanes: result)
        case .i32x4ExtmulLowI16x8S: return extendedMultiply(a, b, I16x8.self, to: I32x4.self, high: false)
        case .i32x4ExtmulHighI16x8S: return extendedMultiply(a, b, I16x8.self, to: I32x4.self, high: true)
        case .i32x4ExtmulLowI16x8U: return extendedMultiply(a, b, U16x8.self, to: U32x4.self, high: false)
        case .i32x4ExtmulHighI16x8U: return extendedMultiply(a, b, U16x8.self, to: U32x4.self, high: true)

        // i64x2 arithmetic.
        case .i64x2Add: return V128(low: a.low &+ b.low, high: a.high &+ b.high)
        case .i64x2Sub: return V128(low: a.low &- b.low, high: a.high &- b.high)
        case .i64x2Mul: return V128(low: a.low &* b.low, high: a.high &* b.high)
        case .i64x2ExtmulLowI32x4S: return extendedMultiply(a, b, I32x4.self, to: I64x2.self, high: false)
        case .i64x2ExtmulHighI32x4S: return extendedMultiply(a, b, I32x4.self, to: I64x2.self, high: true)
        case .i64x2ExtmulLowI32x4U: return extendedMultiply(a, b, U32x4.self, to: U64x2.self, high: false)
        case .i64x2ExtmulHighI32x4U: return extendedMultiply(a, b, U32x4.self, to: U64x2.self, high: true)

        // f32x4 arithmetic (scalar rules per lane).
        case .f32x4Add: return zip(a, b, U32x4.self, WasmFloat.f32Add)
        case .f32x4Sub: return zip(a, b, U32x4.self, WasmFloat.f32Sub)
        case .f32x4Mul: return zip(a, b, U32x4.self, WasmFloat.f32Mul)
        case .f32x4Div: return zip(a, b, U32x4.self, WasmFloat.f32Div)
        case .f32x4Min: return zip(a, b, U32x4.self, WasmFloat.f32Min)
        case .f32x4Max: return zip(a, b, U32x4.self, WasmFloat.f32Max)
        // Pseudo-min/max are defined as `b < a ? b : a` / `a < b ? b : a`: no NaN or zero special cases,
        // the bits of the chosen operand are returned untouched.
        case .f32x4Pmin: return zip(a, b, U32x4.self) { Float(bitPattern: $1) < Float(bitPattern: $0) ? $1 : $0 }
        case .f32x4Pmax: return zip(a, b, U32x4.self) { Float(bitPattern: $0) < Float(bitPattern: $1) ? $1 : $0 }

        // f64x2 arithmetic.
        case .f64x2Add: return V128(low: WasmFloat.f64Add(a.low, b.low), high: WasmFloat.f64Add(a.high, b.high))
        case .f64x2Sub: return V128(low: WasmFloat.f64Sub(a.low, b.low), high: WasmFloat.f64Sub(a.high, b.high))
        case .f64x2Mul: return V128(low: WasmFloat.f64Mul(a.low, b.low), high: WasmFloat.f64Mul(a.high, b.high))
        case .f64x2Div: return V128(low: WasmFloat.f64Div(a.low, b.low), high: WasmFloat.f64Div(a.high, b.high))
        case .f64x2Min: return V128(low: WasmFloat.f64Min(a.low, b.low), high: WasmFloat.f64Min(a.high, b.high))
        case .f64x2Max: return V128(low: WasmFloat.f64Max(a.low, b.low), high: WasmFloat.f64Max(a.high, b.high))
        case .f64x2Pmin: return zip(a, b, U64x2.self) { Double(bitPattern: $1) < Double(bitPattern: $0) ? $1 : $0 }
        case .f64x2Pmax: return zip(a, b, U64x2.self) { Double(bitPattern: $0) < Double(bitPattern: $1) ? $1 : $0 }

        default:
            preconditionFailure("\(op) is not a binary SIMD operation")
        }
    }
}
