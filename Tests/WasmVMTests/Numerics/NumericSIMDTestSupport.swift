@testable import WasmVM

/// Builders and readers for `V128` test values by lane shape (lane 0 first, as in `v128.const`).
enum Lanes {
    static func i8(_ l: Int8...) -> V128 { V128(lanes: SIMD16<Int8>(l)) }
    static func u8(_ l: UInt8...) -> V128 { V128(lanes: SIMD16<UInt8>(l)) }
    static func i16(_ l: Int16...) -> V128 { V128(lanes: SIMD8<Int16>(l)) }
    static func u16(_ l: UInt16...) -> V128 { V128(lanes: SIMD8<UInt16>(l)) }
    static func i32(_ l: Int32...) -> V128 { V128(lanes: SIMD4<Int32>(l)) }
    static func u32(_ l: UInt32...) -> V128 { V128(lanes: SIMD4<UInt32>(l)) }
    static func i64(_ l: Int64...) -> V128 { V128(lanes: SIMD2<Int64>(l)) }
    static func f32(_ l: Float...) -> V128 { V128(lanes: SIMD4<UInt32>(l.map(\.bitPattern))) }
    static func f64(_ l: Double...) -> V128 { V128(lanes: SIMD2<UInt64>(l.map(\.bitPattern))) }
}

extension V128 {
    var testI8: [Int8] { bytes.map { Int8(bitPattern: $0) } }
    var testU8: [UInt8] { bytes }
    var testI16: [Int16] { let x = lanes(SIMD8<Int16>.self); return x.indices.map { x[$0] } }
    var testU16: [UInt16] { let x = lanes(SIMD8<UInt16>.self); return x.indices.map { x[$0] } }
    var testI32: [Int32] { let x = lanes(SIMD4<Int32>.self); return x.indices.map { x[$0] } }
    var testU32: [UInt32] { let x = lanes(SIMD4<UInt32>.self); return x.indices.map { x[$0] } }
    var testI64: [Int64] { [Int64(bitPattern: low), Int64(bitPattern: high)] }
    var testU64: [UInt64] { [low, high] }
    var testF32: [Float] { testU32.map(Float.init(bitPattern:)) }
    var testF64: [Double] { [Double(bitPattern: low), Double(bitPattern: high)] }
}
