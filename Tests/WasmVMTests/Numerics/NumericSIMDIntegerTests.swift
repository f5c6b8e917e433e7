import XCTest
@testable import WasmVM

/// Integer and bitwise SIMD operations (cases modelled on the spec's simd_*.wast files).
final class NumericSIMDIntegerTests: XCTestCase {
    private typealias S = SIMDSemantics

    func testLaneLayoutMatchesWasm() {
        let v = V128(low: 0x0706_0504_0302_0100, high: 0x0F0E_0D0C_0B0A_0908)
        XCTAssertEqual(v.lanes(SIMD16<UInt8>.self), SIMD16<UInt8>(Array(0..<16)))
        XCTAssertEqual(v.bytes, Array(0..<16))
        XCTAssertEqual(v.lanes(SIMD4<UInt32>.self), SIMD4<UInt32>(0x0302_0100, 0x0706_0504, 0x0B0A_0908, 0x0F0E_0D0C))
        XCTAssertEqual(v.lanes(SIMD8<UInt16>.self)[7], 0x0F0E)
        XCTAssertEqual(V128(lanes: SIMD2<UInt64>(1, 2)), V128(low: 1, high: 2))
        XCTAssertEqual(Lanes.u8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), v)
    }

    func testBitwise() {
        let a = V128(low: 0xFF00_FF00_F0F0_F0F0, high: 0x1234_5678_9ABC_DEF0)
        let b = V128(low: 0x0F0F_0F0F_0F0F_0F0F, high: 0xFFFF_0000_FFFF_0000)
        XCTAssertEqual(S.unary(.v128Not, a), V128(low: 0x00FF_00FF_0F0F_0F0F, high: 0xEDCB_A987_6543_210F))
        XCTAssertEqual(S.binary(.v128And, a, b), V128(low: 0x0F00_0F00_0000_0000, high: 0x1234_0000_9ABC_0000))
        XCTAssertEqual(S.binary(.v128AndNot, a, b), V128(low: 0xF000_F000_F0F0_F0F0, high: 0x0000_5678_0000_DEF0))
        XCTAssertEqual(S.binary(.v128Or, a, b), V128(low: 0xFF0F_FF0F_FFFF_FFFF, high: 0xFFFF_5678_FFFF_DEF0))
        XCTAssertEqual(S.binary(.v128Xor, a, b), V128(low: 0xF00F_F00F_FFFF_FFFF, high: 0xEDCB_5678_6543_DEF0))
        XCTAssertEqual(
            S.bitselect(a, b, V128(low: 0xFFFF_FFFF_0000_0000, high: 0x00FF_00FF_00FF_00FF)),
            V128(low: 0xFF00_FF00_0F0F_0F0F, high: 0xFF34_0078_FFBC_00F0))
    }

    func testAddSubMulWrap() {
        XCTAssertEqual(S.binary(.i8x16Add, Lanes.i8(127, -128, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5),
                                Lanes.i8(1, -1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6)).testI8,
                       [-128, 127, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11])
        XCTAssertEqual(S.binary(.i8x16Sub, Lanes.i8(-128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                                Lanes.i8(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).testI8[0...1], [127, -1])
        XCTAssertEqual(S.binary(.i16x8Add, Lanes.i16(32767, 1, 0, 0, 0, 0, 0, -2), Lanes.i16(1, 2, 0, 0, 0, 0, 0, -3)).testI16,
                       [-32768, 3, 0, 0, 0, 0, 0, -5])
        XCTAssertEqual(S.binary(.i16x8Sub, Lanes.i16(-32768, 5, 0, 0, 0, 0, 0, 0), Lanes.i16(1, 7, 0, 0, 0, 0, 0, 0)).testI16[0...1],
                       [32767, -2])
        XCTAssertEqual(S.binary(.i16x8Mul, Lanes.i16(256, -3, 0, 0, 0, 0, 0, 0), Lanes.i16(256, 7, 0, 0, 0, 0, 0, 0)).testI16[0...1],
                       [0, -21])
        XCTAssertEqual(S.binary(.i32x4Add, Lanes.i32(.max, 1, -1, 0), Lanes.i32(1, 2, -1, 0)).testI32, [.min, 3, -2, 0])
        XCTAssertEqual(S.binary(.i32x4Sub, Lanes.i32(.min, 1, -1, 0), Lanes.i32(1, 2, -1, 0)).testI32, [.max, -1, 0, 0])
        XCTAssertEqual(S.binary(.i32x4Mul, Lanes.i32(65536, -3, 0x4000_0000, 7), Lanes.i32(65536, 5, 4, 6)).testI32,
                       [0, -15, 0, 42])
        XCTAssertEqual(S.binary(.i64x2Add, Lanes.i64(.max, -1), Lanes.i64(1, -1)).testI64, [.min, -2])
        XCTAssertEqual(S.binary(.i64x2Sub, Lanes.i64(.min, 5), Lanes.i64(1, 7)).testI64, [.max, -2])
        XCTAssertEqual(S.binary(.i64x2Mul, Lanes.i64(1 << 32, -3), Lanes.i64(1 << 32, 5)).testI64, [0, -15])
    }

    func testSaturatingArithmetic() {
        let a = Lanes.i8(127, -128, 100, -100, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let b = Lanes.i8(1, -1, 100, -100, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        XCTAssertEqual(S.binary(.i8x16AddSatS, a, b).testI8[0...4], [127, -128, 127, -128, 0])
        XCTAssertEqual(S.binary(.i8x16SubSatS, a, b).testI8[0...4], [126, -127, 0, 0, 2])
        let ua = Lanes.u8(255, 0, 200, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ub = Lanes.u8(1, 1, 100, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        XCTAssertEqual(S.binary(.i8x16AddSatU, ua, ub).testU8[0...3], [255, 1, 255, 13])
        XCTAssertEqual(S.binary(.i8x16SubSatU, ua, ub).testU8[0...3], [254, 0, 100, 7])

        let c = Lanes.i16(32767, -32768, 20000, -20000, 5, 0, 0, 0)
        let d = Lanes.i16(1, -1, 20000, 20000, -7, 0, 0, 0)
        XCTAssertEqual(S.binary(.i16x8AddSatS, c, d).testI16[0...4], [32767, -32768, 32767, 0, -2])
        XCTAssertEqual(S.binary(.i16x8SubSatS, c, d).testI16[0...4], [32766, -32767, 0, -32768, 12])
        let uc = Lanes.u16(65535, 0, 40000, 10, 0, 0, 0, 0)
        let ud = Lanes.u16(1, 1, 40000, 3, 0, 0, 0, 0)
        XCTAssertEqual(S.binary(.i16x8AddSatU, uc, ud).testU16[0...3], [65535, 1, 65535, 13])
        XCTAssertEqual(S.binary(.i16x8SubSatU, uc, ud).testU16[0...3], [65534, 0, 0, 7])
    }

    func testMinMaxAverage() {
        let a = Lanes.i8(-1, 1, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let b = Lanes.i8(1, -1, 127, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        XCTAssertEqual(S.binary(.i8x16MinS, a, b).testI8[0...3], [-1, -1, -128, -128])
        XCTAssertEqual(S.binary(.i8x16MaxS, a, b).testI8[0...3], [1, 1, 127, 127])
        XCTAssertEqual(S.binary(.i8x16MinU, a, b).testU8[0...3], [1, 1, 127, 127])
        XCTAssertEqual(S.binary(.i8x16MaxU, a, b).testU8[0...3], [255, 255, 128, 128])
        let c = Lanes.i16(-1, 1, -32768, 32767, 0, 0, 0, 0)
        let d = Lanes.i16(1, -1, 32767, -32768, 0, 0, 0, 0)
        XCTAssertEqual(S.binary(.i16x8MinS, c, d).testI16[0...3], [-1, -1, -32768, -32768])
        XCTAssertEqual(S.binary(.i16x8MaxS, c, d).testI16[0...3], [1, 1, 32767, 32767])
        XCTAssertEqual(S.binary(.i16x8MinU, c, d).testU16[0...3], [1, 1, 32767, 32767])
        XCTAssertEqual(S.binary(.i16x8MaxU, c, d).testU16[0...3], [65535, 65535, 32768, 32768])
        let e = Lanes.i32(-1, 1, .min, .max), f = Lanes.i32(1, -1, .max, .min)
        XCTAssertEqual(S.binary(.i32x4MinS, e, f).testI32, [-1, -1, .min, .min])
        XCTAssertEqual(S.binary(.i32x4MaxS, e, f).testI32, [1, 1, .max, .max])
        XCTAssertEqual(S.binary(.i32x4MinU, e, f).testU32, [1, 1, 0x7FFF_FFFF, 0x7FFF_FFFF])
        XCTAssertEqual(S.binary(.i32x4MaxU, e, f).testU32, [.max, .max, 0x8000_0000, 0x8000_0000])

        XCTAssertEqual(S.binary(.i8x16AvgrU, Lanes.u8(255, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                                Lanes.u8(255, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).testU8[0...3], [255, 1, 2, 4])
        XCTAssertEqual(S.binary(.i16x8AvgrU, Lanes.u16(65535, 0, 1, 10, 0, 0, 0, 0),
                                Lanes.u16(65535, 1, 2, 13, 0, 0, 0, 0)).testU16[0...3], [65535, 1, 2, 12])
    }

    func testAbsNegPopcnt() {
        XCTAssertEqual(S.unary(.i8x16Abs, Lanes.i8(-128, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1)).testI8,
                       [-128, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(S.unary(.i8x16Neg, Lanes.i8(-128, -5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127)).testI8,
                       [-128, 5, -5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -127])
        XCTAssertEqual(S.unary(.i16x8Abs, Lanes.i16(-32768, -5, 5, 0, 0, 0, 0, 0)).testI16[0...2], [-32768, 5, 5])
        XCTAssertEqual(S.unary(.i16x8Neg, Lanes.i16(-32768, -5, 5, 0, 0, 0, 0, 0)).testI16[0...2], [-32768, 5, -5])
        XCTAssertEqual(S.unary(.i32x4Abs, Lanes.i32(.min, -5, 5, 0)).testI32, [.min, 5, 5, 0])
        XCTAssertEqual(S.unary(.i32x4Neg, Lanes.i32(.min, -5, 5, 0)).testI32, [.min, 5, -5, 0])
        XCTAssertEqual(S.unary(.i64x2Abs, Lanes.i64(.min, -5)).testI64, [.min, 5])
        XCTAssertEqual(S.unary(.i64x2Neg, Lanes.i64(.min, -5)).testI64, [.min, 5])
        XCTAssertEqual(S.unary(.i8x16Popcnt, Lanes.u8(0, 1, 0xFF, 0x55, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7)).testU8,
                       [0, 1, 8, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3])
    }

    func testIntegerComparisons() {
        let a = Lanes.i8(-1, 0, 1, 127, -128, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let b = Lanes.i8(0, 0, -1, -128, 127, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
        func check(_ op: SIMDOpcode, _ expected: [Bool], file: StaticString = #filePath, line: UInt = #line) {
            let result = S.binary(op, a, b).testI8
            XCTAssertEqual(Array(result[0...5]), expected.map { $0 ? -1 : 0 }, "\(op)", file: file, line: line)
        }
        check(.i8x16Eq, [false, true, false, false, false, true])
        check(.i8x16Ne, [true, false, true, true, true, false])
        check(.i8x16LtS, [true, false, false, false, true, false])
        check(.i8x16LtU, [false, false, true, true, false, false])
        check(.i8x16GtS, [false, false, true, true, false, false])
        check(.i8x16GtU, [true, false, false, false, true, false])
        check(.i8x16LeS, [true, true, false, false, true, true])
        check(.i8x16LeU, [false, true, true, true, false, true])
        check(.i8x16GeS, [false, true, true, true, false, true])
        check(.i8x16GeU, [true, true, false, false, true, true])
        XCTAssertEqual(S.binary(.i8x16Ne, a, b).testI8[15], -1)

        let c = Lanes.i16(-1, 0, 1, 32767, -32768, 5, 0, 0), d = Lanes.i16(0, 0, -1, -32768, 32767, 5, 0, 1)
        XCTAssertEqual(S.binary(.i16x8Eq, c, d).testI16, [0, -1, 0, 0, 0, -1, -1, 0])
        XCTAssertEqual(S.binary(.i16x8Ne, c, d).testI16, [-1, 0, -1, -1, -1, 0, 0, -1])
        XCTAssertEqual(S.binary(.i16x8LtS, c, d).testI16, [-1, 0, 0, 0, -1, 0, 0, -1])
        XCTAssertEqual(S.binary(.i16x8LtU, c, d).testI16, [0, 0, -1, -1, 0, 0, 0, -1])
        XCTAssertEqual(S.binary(.i16x8GtS, c, d).testI16, [0, 0, -1, -1, 0, 0, 0, 0])
        XCTAssertEqual(S.binary(.i16x8GtU, c, d).testI16, [-1, 0, 0, 0, -1, 0, 0, 0])
        XCTAssertEqual(S.binary(.i16x8LeS, c, d).testI16, [-1, -1, 0, 0, -1, -1, -1, -1])
        XCTAssertEqual(S.binary(.i16x8LeU, c, d).testI16, [0, -1, -1, -1, 0, -1, -1, -1])
        XCTAssertEqual(S.binary(.i16x8GeS, c, d).testI16, [0, -1, -1, -1, 0, -1, -1, 0])
        XCTAssertEqual(S.binary(.i16x8GeU, c, d).testI16, [-1, -1, 0, 0, -1, -1, -1, 0])

        let e = Lanes.i32(-1, 0, .max, .min), f = Lanes.i32(0, 0, .min, .max)
        XCTAssertEqual(S.binary(.i32x4Eq, e, f).testI32, [0, -1, 0, 0])
        XCTAssertEqual(S.binary(.i32x4Ne, e, f).testI32, [-1, 0, -1, -1])
        XCTAssertEqual(S.binary(.i32x4LtS, e, f).testI32, [-1, 0, 0, -1])
        XCTAssertEqual(S.binary(.i32x4LtU, e, f).testI32, [0, 0, -1, 0])
        XCTAssertEqual(S.binary(.i32x4GtS, e, f).testI32, [0, 0, -1, 0])
        XCTAssertEqual(S.binary(.i32x4GtU, e, f).testI32, [-1, 0, 0, -1])
        XCTAssertEqual(S.binary(.i32x4LeS, e, f).testI32, [-1, -1, 0, -1])
        XCTAssertEqual(S.binary(.i32x4LeU, e, f).testI32, [0, -1, -1, 0])
        XCTAssertEqual(S.binary(.i32x4GeS, e, f).testI32, [0, -1, -1, 0])
        XCTAssertEqual(S.binary(.i32x4GeU, e, f).testI32, [-1, -1, 0, -1])

        let g = Lanes.i64(-1, 7), h = Lanes.i64(0, 7)
        XCTAssertEqual(S.binary(.i64x2Eq, g, h).testI64, [0, -1])
        XCTAssertEqual(S.binary(.i64x2Ne, g, h).testI64, [-1, 0])
        XCTAssertEqual(S.binary(.i64x2LtS, g, h).testI64, [-1, 0])
        XCTAssertEqual(S.binary(.i64x2GtS, g, h).testI64, [0, 0])
        XCTAssertEqual(S.binary(.i64x2LeS, g, h).testI64, [-1, -1])
        XCTAssertEqual(S.binary(.i64x2GeS, g, h).testI64, [0, -1])
    }

    func testSaturatingNarrow() {
        let a = Lanes.i16(-129, -128, 0, 127, 128, 300, -1, 255)
        let b = Lanes.i16(-32768, 32767, 1, 2, 3, 4, 5, 6)
        XCTAssertEqual(S.binary(.i8x16NarrowI16x8S, a, b).testI8,
                       [-128, -128, 0, 127, 127, 127, -1, 127, -128, 127, 1, 2, 3, 4, 5, 6])
        XCTAssertEqual(S.binary(.i8x16NarrowI16x8U, a, b).testU8,
                       [0, 0, 0, 127, 128, 255, 0, 255, 0, 255, 1, 2, 3, 4, 5, 6])
        let c = Lanes.i32(70000, -70000, 65535, -1), d = Lanes.i32(32768, -32769, 1, 40000)
        XCTAssertEqual(S.binary(.i16x8NarrowI32x4S, c, d).testI16, [32767, -32768, 32767, -1, 32767, -32768, 1, 32767])
        XCTAssertEqual(S.binary(.i16x8NarrowI32x4U, c, d).testU16, [65535, 0, 65535, 0, 32768, 0, 1, 40000])
    }

    func testExtendAndPairwise() {
        let a = Lanes.i8(-1, 2, -128, 127, 0, 0, 0, 0, -2, 3, 0, 0, 0, 0, 0, -128)
        XCTAssertEqual(S.unary(.i16x8ExtendLowI8x16S, a).testI16, [-1, 2, -128, 127, 0, 0, 0, 0])
        XCTAssertEqual(S.unary(.i16x8ExtendHighI8x16S, a).testI16, [-2, 3, 0, 0, 0, 0, 0, -128])
        XCTAssertEqual(S.unary(.i16x8ExtendLowI8x16U, a).testI16, [255, 2, 128, 127, 0, 0, 0, 0])
        XCTAssertEqual(S.unary(.i16x8ExtendHighI8x16U, a).testI16, [254, 3, 0, 0, 0, 0, 0, 128])
        let b = Lanes.i16(-1, 2, -32768, 32767, -2, 3, 0, 1)
        XCTAssertEqual(S.unary(.i32x4ExtendLowI16x8S, b).testI32, [-1, 2, -32768, 32767])
        XCTAssertEqual(S.unary(.i32x4ExtendHighI16x8S, b).testI32, [-2, 3, 0, 1])
        XCTAssertEqual(S.unary(.i32x4ExtendLowI16x8U, b).testI32, [65535, 2, 32768, 32767])
        XCTAssertEqual(S.unary(.i32x4ExtendHighI16x8U, b).testI32, [65534, 3, 0, 1])
        let c = Lanes.i32(-1, 2, .min, 7)
        XCTAssertEqual(S.unary(.i64x2ExtendLowI32x4S, c).testI64, [-1, 2])
        XCTAssertEqual(S.unary(.i64x2ExtendHighI32x4S, c).testI64, [Int64(Int32.min), 7])
        XCTAssertEqual(S.unary(.i64x2ExtendLowI32x4U, c).testI64, [0xFFFF_FFFF, 2])
        XCTAssertEqual(S.unary(.i64x2ExtendHighI32x4U, c).testI64, [0x8000_0000, 7])

        let p = Lanes.i8(-128, -128, 127, 127, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, -6)
        XCTAssertEqual(S.unary(.i16x8ExtaddPairwiseI8x16S, p).testI16, [-256, 254, 0, 0, 0, 0, 0, -1])
        XCTAssertEqual(S.unary(.i16x8ExtaddPairwiseI8x16U, p).testI16, [256, 254, 256, 0, 0, 0, 0, 255])
        let q = Lanes.i16(-32768, -32768, 32767, 32767, -1, 1, 0, 0)
        XCTAssertEqual(S.unary(.i32x4ExtaddPairwiseI16x8S, q).testI32, [-65536, 65534, 0, 0])
        XCTAssertEqual(S.unary(.i32x4ExtaddPairwiseI16x8U, q).testI32, [65536, 65534, 65536, 0])
    }

    func testExtendedMultiplyDotAndQ15() {
        let a = Lanes.i8(-128, -1, 127, 0, 0, 0, 0, 0, -128, 2, 0, 0, 0, 0, 0, -1)
        let b = Lanes.i8(-128, -1, -128, 0, 0, 0, 0, 0, 127, 3, 0, 0, 0, 0, 0, -1)
        XCTAssertEqual(S.binary(.i16x8ExtmulLowI8x16S, a, b).testI16, [16384, 1, -16256, 0, 0, 0, 0, 0])
        XCTAssertEqual(S.binary(.i16x8ExtmulHighI8x16S, a, b).testI16, [-16256, 6, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(S.binary(.i16x8ExtmulLowI8x16U, a, b).testU16, [16384, 65025, 16256, 0, 0, 0, 0, 0])
        XCTAssertEqual(S.binary(.i16x8ExtmulHighI8x16U, a, b).testU16, [16256, 6, 0, 0, 0, 0, 0, 65025])

        let c = Lanes.i16(-32768, -1, 3, 0, 0, 0, -32768, 2)
        let d = Lanes.i16(-32768, -1, -4, 0, 5, 0, 32767, 2)
        XCTAssertEqual(S.binary(.i32x4ExtmulLowI16x8S, c, d).testI32, [1_073_741_824, 1, -12, 0])
        XCTAssertEqual(S.binary(.i32x4ExtmulHighI16x8S, c, d).testI32, [0, 0, -1_073_709_056, 4])
        XCTAssertEqual(S.binary(.i32x4ExtmulLowI16x8U, c, d).testU32, [1_073_741_824, 4_294_836_225, 196_596, 0])
        XCTAssertEqual(S.binary(.i32x4ExtmulHighI16x8U, c, d).testU32, [0, 0, 1_073_709_056, 4])

        let e = Lanes.i32(.min, -1, 3, .max), f = Lanes.i32(.min, -1, -4, 2)
        XCTAssertEqual(S.binary(.i64x2ExtmulLowI32x4S, e, f).testI64, [1 << 62, 1])
        XCTAssertEqual(S.binary(.i64x2ExtmulHighI32x4S, e, f).testI64, [-12, 4_294_967_294])
        XCTAssertEqual(S.binary(.i64x2ExtmulLowI32x4U, e, f).testU64, [1 << 62, 0xFFFF_FFFE_0000_0001])
        XCTAssertEqual(S.binary(.i64x2ExtmulHighI32x4U, e, f).testU64, [3 * 0xFFFF_FFFC, 4_294_967_294])

        XCTAssertEqual(S.binary(.i32x4DotI16x8S, Lanes.i16(-32768, -32768, 1, 2, 32767, 32767, -1, 5),
                                Lanes.i16(-32768, -32768, 3, 4, 32767, 32767, 7, 0)).testI32,
                       [.min, 11, 2_147_352_578, -7])

        XCTAssertEqual(S.binary(.i16x8Q15mulrSatS, Lanes.i16(-32768, 16384, 1, -1, 100, 32767, -32768, 0),
                                Lanes.i16(-32768, 16384, 1, 1, 200, 32767, 32767, 5)).testI16,
                       [32767, 8192, 0, 0, 1, 32766, -32767, 0])
    }

    func testShiftsTakeCountModuloLaneWidth() {
        let a = Lanes.i8(-128, 1, 0x40, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        XCTAssertEqual(S.shift(.i8x16Shl, a, 1).testI8[0...3], [0, 2, -128, -2])
        XCTAssertEqual(S.shift(.i8x16Shl, a, 9).testI8[0...3], [0, 2, -128, -2])
        XCTAssertEqual(S.shift(.i8x16ShrS, a, 1).testI8[0...3], [-64, 0, 0x20, -1])
        XCTAssertEqual(S.shift(.i8x16ShrU, a, 1).testI8[0...3], [0x40, 0, 0x20, 0x7F])
        XCTAssertEqual(S.shift(.i8x16ShrU, a, 8).testI8[0...3], [-128, 1, 0x40, -1])
        let b = Lanes.i16(-32768, 1, -1, 0x100, 0, 0, 0, 0)
        XCTAssertEqual(S.shift(.i16x8Shl, b, 17).testI16[0...3], [0, 2, -2, 0x200])
        XCTAssertEqual(S.shift(.i16x8ShrS, b, 15).testI16[0...3], [-1, 0, -1, 0])
        XCTAssertEqual(S.shift(.i16x8ShrU, b, 16).testI16[0...3], [-32768, 1, -1, 0x100])
        XCTAssertEqual(S.shift(.i16x8ShrU, b, 4).testU16[0...3], [0x800, 0, 0x0FFF, 0x10])
        let c = Lanes.i32(.min, 1, -1, 0x100)
        XCTAssertEqual(S.shift(.i32x4Shl, c, 33).testI32, [0, 2, -2, 0x200])
        XCTAssertEqual(S.shift(.i32x4ShrS, c, 0xFFFF_FFFF).testI32, [-1, 0, -1, 0])
        XCTAssertEqual(S.shift(.i32x4ShrU, c, 4).testU32, [0x0800_0000, 0, 0x0FFF_FFFF, 0x10])
        let d = Lanes.i64(.min, -1)
        XCTAssertEqual(S.shift(.i64x2Shl, d, 64).testI64, [.min, -1])
        XCTAssertEqual(S.shift(.i64x2Shl, d, 1).testI64, [0, -2])
        XCTAssertEqual(S.shift(.i64x2ShrS, d, 63).testI64, [-1, -1])
        XCTAssertEqual(S.shift(.i64x2ShrU, d, 127).testU64, [1, 1])
    }

    func testAnyAllTrueAndBitmask() {
        XCTAssertEqual(S.test(.v128AnyTrue, .zero), 0)
        XCTAssertEqual(S.test(.v128AnyTrue, V128(low: 0, high: 1 << 63)), 1)
        let allOnes = V128(low: ~0, high: ~0)
        XCTAssertEqual(S.test(.i8x16AllTrue, allOnes), 1)
        XCTAssertEqual(S.test(.i8x16AllTrue, V128(low: ~0, high: ~0xFF00)), 0)
        XCTAssertEqual(S.test(.i16x8AllTrue, V128(low: 0x0001_0001_0001_0001, high: 0x0100_0100_0100_0100)), 1)
        XCTAssertEqual(S.test(.i16x8AllTrue, V128(low: 0x0001_0001_0000_0001, high: ~0)), 0)
        XCTAssertEqual(S.test(.i32x4AllTrue, Lanes.i32(1, -1, 0x100, .min)), 1)
        XCTAssertEqual(S.test(.i32x4AllTrue, Lanes.i32(1, -1, 0, .min)), 0)
        XCTAssertEqual(S.test(.i64x2AllTrue, V128(low: 1 << 40, high: 1)), 1)
        XCTAssertEqual(S.test(.i64x2AllTrue, V128(low: 0, high: 1)), 0)

        XCTAssertEqual(S.test(.i8x16Bitmask, Lanes.i8(-1, 0, 1, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -5)), 0x8009)
        XCTAssertEqual(S.test(.i8x16Bitmask, allOnes), 0xFFFF)
        XCTAssertEqual(S.test(.i16x8Bitmask, Lanes.i16(-1, 0, 1, -32768, 32767, 0, 0, -2)), 0x89)
        XCTAssertEqual(S.test(.i32x4Bitmask, Lanes.i32(-1, 0, .min, .max)), 0b0101)
        XCTAssertEqual(S.test(.i64x2Bitmask, Lanes.i64(1, -1)), 0b10)
    }
}
