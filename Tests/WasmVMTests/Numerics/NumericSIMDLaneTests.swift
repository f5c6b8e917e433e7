import XCTest
@testable import WasmVM

/// Splat, lane access, shuffles and the SIMD load helpers, plus a sweep over every opcode.
final class NumericSIMDLaneTests: XCTestCase {
    private typealias S = SIMDSemantics

    func testSplat() {
        XCTAssertEqual(S.splat(.i8x16Splat, 0x1FF), V128(low: 0xFFFF_FFFF_FFFF_FFFF, high: 0xFFFF_FFFF_FFFF_FFFF))
        XCTAssertEqual(S.splat(.i8x16Splat, 0x12), V128(low: 0x1212_1212_1212_1212, high: 0x1212_1212_1212_1212))
        XCTAssertEqual(S.splat(.i16x8Splat, 0xABCD_1234), V128(low: 0x1234_1234_1234_1234, high: 0x1234_1234_1234_1234))
        XCTAssertEqual(S.splat(.i32x4Splat, 0xDEAD_BEEF), V128(low: 0xDEAD_BEEF_DEAD_BEEF, high: 0xDEAD_BEEF_DEAD_BEEF))
        XCTAssertEqual(S.splat(.f32x4Splat, 0x7FA0_0001), V128(low: 0x7FA0_0001_7FA0_0001, high: 0x7FA0_0001_7FA0_0001))
        XCTAssertEqual(S.splat(.i64x2Splat, 0x0102_0304_0506_0708), V128(low: 0x0102_0304_0506_0708, high: 0x0102_0304_0506_0708))
        XCTAssertEqual(S.splat(.f64x2Splat, 0x7FF4_0000_0000_0001), V128(low: 0x7FF4_0000_0000_0001, high: 0x7FF4_0000_0000_0001))
    }

    func testExtractLane() {
        let v = Lanes.u8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0x80, 0xFF)
        XCTAssertEqual(S.extractLane(.i8x16ExtractLaneS, v, 15), 0xFFFF_FFFF)
        XCTAssertEqual(S.extractLane(.i8x16ExtractLaneS, v, 14), 0xFFFF_FF80)
        XCTAssertEqual(S.extractLane(.i8x16ExtractLaneS, v, 3), 3)
        XCTAssertEqual(S.extractLane(.i8x16ExtractLaneU, v, 15), 0xFF)
        XCTAssertEqual(S.extractLane(.i16x8ExtractLaneS, v, 7), 0xFFFF_FF80)
        XCTAssertEqual(S.extractLane(.i16x8ExtractLaneU, v, 7), 0xFF80)
        XCTAssertEqual(S.extractLane(.i16x8ExtractLaneU, v, 0), 0x0100)
        XCTAssertEqual(S.extractLane(.i32x4ExtractLane, v, 3), 0xFF80_0D0C)
        XCTAssertEqual(S.extractLane(.f32x4ExtractLane, v, 1), 0x0706_0504)
        XCTAssertEqual(S.extractLane(.i64x2ExtractLane, v, 1), 0xFF80_0D0C_0B0A_0908)
        XCTAssertEqual(S.extractLane(.f64x2ExtractLane, v, 0), 0x0706_0504_0302_0100)
        XCTAssertEqual(S.extractLane(.v128Store8Lane, v, 14), 0x80)
        XCTAssertEqual(S.extractLane(.v128Store16Lane, v, 1), 0x0302)
        XCTAssertEqual(S.extractLane(.v128Store32Lane, v, 2), 0x0B0A_0908)
        XCTAssertEqual(S.extractLane(.v128Store64Lane, v, 0), 0x0706_0504_0302_0100)
    }

    func testReplaceLane() {
        XCTAssertEqual(S.replaceLane(.i8x16ReplaceLane, .zero, 15, 0x1AB), V128(low: 0, high: 0xAB00_0000_0000_0000))
        XCTAssertEqual(S.replaceLane(.v128Load8Lane, .zero, 0, 0x7F), V128(low: 0x7F, high: 0))
        XCTAssertEqual(S.replaceLane(.i16x8ReplaceLane, .zero, 4, 0xFFFF_1234), V128(low: 0, high: 0x1234))
        XCTAssertEqual(S.replaceLane(.v128Load16Lane, .zero, 1, 0xBEEF), V128(low: 0xBEEF_0000, high: 0))
        XCTAssertEqual(S.replaceLane(.i32x4ReplaceLane, V128(low: ~0, high: ~0), 1, 0),
                       V128(low: 0x0000_0000_FFFF_FFFF, high: ~0))
        XCTAssertEqual(S.replaceLane(.f32x4ReplaceLane, .zero, 3, 0x7FA0_0000), V128(low: 0, high: 0x7FA0_0000_0000_0000))
        XCTAssertEqual(S.replaceLane(.v128Load32Lane, .zero, 2, 5), V128(low: 0, high: 5))
        XCTAssertEqual(S.replaceLane(.i64x2ReplaceLane, .zero, 1, 0xFFF4_0000_0000_0001),
                       V128(low: 0, high: 0xFFF4_0000_0000_0001))
        XCTAssertEqual(S.replaceLane(.f64x2ReplaceLane, V128(low: 1, high: 2), 0, 9), V128(low: 9, high: 2))
        XCTAssertEqual(S.replaceLane(.v128Load64Lane, V128(low: 1, high: 2), 1, 9), V128(low: 1, high: 9))
    }

    func testShuffle() {
        let a = Lanes.u8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let b = Lanes.u8(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)
        let reverse = Lanes.u8(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16)
        XCTAssertEqual(S.shuffle(a, b, lanes: reverse).testU8, [31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
        let interleave = Lanes.u8(0, 16, 1, 17, 2, 18, 3, 19, 15, 31, 15, 31, 0, 0, 16, 16)
        XCTAssertEqual(S.shuffle(Lanes.u8(100, 101, 102, 103, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 115), b, lanes: interleave).testU8,
                       [100, 16, 101, 17, 102, 18, 103, 19, 115, 31, 115, 31, 100, 100, 16, 16])
    }

    func testSwizzleZeroesOutOfRangeLanes() {
        let a = Lanes.u8(0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF)
        let selectors = Lanes.u8(15, 0, 16, 255, 1, 128, 17, 14, 2, 2, 3, 31, 32, 0x7F, 0x80, 7)
        XCTAssertEqual(S.binary(.i8x16Swizzle, a, selectors).testU8,
                       [0xAF, 0xA0, 0, 0, 0xA1, 0, 0, 0xAE, 0xA2, 0xA2, 0xA3, 0, 0, 0, 0, 0xA7])
    }

    func testLoads() {
        let bits: UInt64 = 0x8001_7F02_FF03_8004  // bytes (low first): 04 80 03 FF 02 7F 01 80
        XCTAssertEqual(S.extendLoad(.v128Load8x8S, bits).testI16, [4, -128, 3, -1, 2, 127, 1, -128])
        XCTAssertEqual(S.extendLoad(.v128Load8x8U, bits).testI16, [4, 128, 3, 255, 2, 127, 1, 128])
        XCTAssertEqual(S.extendLoad(.v128Load16x4S, bits).testI32, [-32764, -253, 32514, -32767])
        XCTAssertEqual(S.extendLoad(.v128Load16x4U, bits).testI32, [0x8004, 0xFF03, 0x7F02, 0x8001])
        XCTAssertEqual(S.extendLoad(.v128Load32x2S, bits).testI64, [Int64(Int32(bitPattern: 0xFF03_8004)), 0x8001_7F02 - 0x1_0000_0000])
        XCTAssertEqual(S.extendLoad(.v128Load32x2U, bits).testU64, [0xFF03_8004, 0x8001_7F02])

        XCTAssertEqual(S.splatLoad(.v128Load8Splat, 0xAB), S.splat(.i8x16Splat, 0xAB))
        XCTAssertEqual(S.splatLoad(.v128Load16Splat, 0xABCD), V128(low: 0xABCD_ABCD_ABCD_ABCD, high: 0xABCD_ABCD_ABCD_ABCD))
        XCTAssertEqual(S.splatLoad(.v128Load32Splat, 0x1234_5678), V128(low: 0x1234_5678_1234_5678, high: 0x1234_5678_1234_5678))
        XCTAssertEqual(S.splatLoad(.v128Load64Splat, bits), V128(low: bits, high: bits))
        XCTAssertEqual(S.zeroLoad(.v128Load32Zero, bits), V128(low: 0xFF03_8004, high: 0))
        XCTAssertEqual(S.zeroLoad(.v128Load64Zero, bits), V128(low: bits, high: 0))

        XCTAssertEqual(S.accessSize(.v128Load), 16)
        XCTAssertEqual(S.accessSize(.v128Load8x8S), 8)
        XCTAssertEqual(S.accessSize(.v128Load16Splat), 2)
        XCTAssertEqual(S.accessSize(.v128Store32Lane), 4)
        XCTAssertEqual(S.accessSize(.v128Load8Lane), 1)
    }

    /// Every opcode is classified, and every classified opcode is accepted by its entry point.
    func testEveryOpcodeHasAnEntryPoint() {
        let a = V128(low: 0x8000_0001_7FFF_FFFF, high: 0x3FF0_0000_FFC0_0000)
        let b = V128(low: 0xFFFF_FFFF_0000_0002, high: 0xBFF8_0000_0000_0001)
        var counts: [SIMDOperationKind: Int] = [:]
        for op in SIMDOpcode.allCases {
            let kind = S.kind(of: op)
            counts[kind, default: 0] += 1
            switch kind {
            case .unary: _ = S.unary(op, a)
            case .binary: _ = S.binary(op, a, b)
            case .shift: _ = S.shift(op, a, 3)
            case .test: _ = S.test(op, a)
            case .splat: _ = S.splat(op, a.low)
            case .extractLane: _ = S.extractLane(op, a, 1)
            case .replaceLane: _ = S.replaceLane(op, a, 1, b.low)
            case .extendLoad: _ = S.extendLoad(op, a.low); _ = S.accessSize(op)
            case .splatLoad: _ = S.splatLoad(op, a.low); _ = S.accessSize(op)
            case .zeroLoad: _ = S.zeroLoad(op, a.low); _ = S.accessSize(op)
            case .loadLane: _ = S.replaceLane(op, a, 1, b.low); _ = S.accessSize(op)
            case .storeLane: _ = S.extractLane(op, a, 1); _ = S.accessSize(op)
            case .load, .store: _ = S.accessSize(op)
            case .ternary: _ = S.bitselect(a, b, a)
            case .constant, .shuffle: break
            }
        }
        XCTAssertEqual(counts[.unary], 50)
        XCTAssertEqual(counts[.binary], 120)
        XCTAssertEqual(counts[.shift], 12)
        XCTAssertEqual(counts[.test], 9)
        XCTAssertEqual(SIMDOpcode.allCases.count, 236)
    }
}
