import XCTest
@testable import WasmVM

/// Float-lane SIMD operations and SIMD conversions.
final class NumericSIMDFloatTests: XCTestCase {
    private typealias S = SIMDSemantics
    private let nan = Float.nan
    private let negZeroBits: UInt32 = 0x8000_0000

    /// Lane-wise equality of bit patterns, except that a NaN lane only has to be some NaN.
    private func assertLanes(_ actual: [Float], _ expected: [Float], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (x, y) in zip(actual, expected) {
            if y.isNaN { XCTAssertTrue(x.isNaN, "\(actual) vs \(expected)", file: file, line: line) }
            else { XCTAssertEqual(x.bitPattern, y.bitPattern, "\(actual) vs \(expected)", file: file, line: line) }
        }
    }
    private func assertLanes(_ actual: [Double], _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (x, y) in zip(actual, expected) {
            if y.isNaN { XCTAssertTrue(x.isNaN, "\(actual) vs \(expected)", file: file, line: line) }
            else { XCTAssertEqual(x.bitPattern, y.bitPattern, "\(actual) vs \(expected)", file: file, line: line) }
        }
    }

    func testF32x4MinMaxWithNaNAndSignedZero() {
        let a = Lanes.f32(nan, -0.0, 0.0, 1), b = Lanes.f32(1, 0.0, -0.0, nan)
        assertLanes(S.binary(.f32x4Min, a, b).testF32, [nan, -0.0, -0.0, nan])
        assertLanes(S.binary(.f32x4Max, a, b).testF32, [nan, 0.0, 0.0, nan])
        // Pseudo-min/max return the first operand unless the strict comparison says otherwise.
        assertLanes(S.binary(.f32x4Pmin, a, b).testF32, [nan, -0.0, 0.0, 1])
        assertLanes(S.binary(.f32x4Pmax, a, b).testF32, [nan, -0.0, 0.0, 1])
        assertLanes(S.binary(.f32x4Pmin, Lanes.f32(3, -1, .infinity, 2), Lanes.f32(2, 5, 7, 2)).testF32, [2, -1, 7, 2])
        assertLanes(S.binary(.f32x4Pmax, Lanes.f32(3, -1, .infinity, 2), Lanes.f32(2, 5, 7, 2)).testF32,
                    [3, 5, .infinity, 2])
        // Signaling NaN lanes come out quiet.
        let signaling = Lanes.u32(0x7FA0_0000, 0, 0, 0)
        let minLane = S.binary(.f32x4Min, signaling, .zero).testU32[0]
        XCTAssertTrue(Float(bitPattern: minLane).isNaN && minLane & 0x0040_0000 != 0)
        // pmin on NaN returns the operand bits untouched.
        XCTAssertEqual(S.binary(.f32x4Pmin, signaling, .zero).testU32[0], 0x7FA0_0000)

        let c = Lanes.f64(.nan, -0.0), d = Lanes.f64(1, 0.0)
        assertLanes(S.binary(.f64x2Min, c, d).testF64, [.nan, -0.0])
        assertLanes(S.binary(.f64x2Max, c, d).testF64, [.nan, 0.0])
        assertLanes(S.binary(.f64x2Pmin, c, d).testF64, [.nan, -0.0])
        assertLanes(S.binary(.f64x2Pmax, c, d).testF64, [.nan, -0.0])
        assertLanes(S.binary(.f64x2Pmin, Lanes.f64(3, -1), Lanes.f64(2, 5)).testF64, [2, -1])
        assertLanes(S.binary(.f64x2Pmax, Lanes.f64(3, -1), Lanes.f64(2, 5)).testF64, [3, 5])
    }

    func testFloatArithmetic() {
        let a = Lanes.f32(1, -2, .infinity, 0), b = Lanes.f32(2, 0.5, .infinity, 0)
        assertLanes(S.binary(.f32x4Add, a, b).testF32, [3, -1.5, .infinity, 0])
        assertLanes(S.binary(.f32x4Sub, a, b).testF32, [-1, -2.5, nan, 0])
        assertLanes(S.binary(.f32x4Mul, a, b).testF32, [2, -1, .infinity, 0])
        assertLanes(S.binary(.f32x4Div, a, b).testF32, [0.5, -4, nan, nan])
        assertLanes(S.unary(.f32x4Sqrt, Lanes.f32(4, -1, -0.0, .infinity)).testF32, [2, nan, -0.0, .infinity])
        let c = Lanes.f64(1, -2), d = Lanes.f64(2, 0.5)
        assertLanes(S.binary(.f64x2Add, c, d).testF64, [3, -1.5])
        assertLanes(S.binary(.f64x2Sub, c, d).testF64, [-1, -2.5])
        assertLanes(S.binary(.f64x2Mul, c, d).testF64, [2, -1])
        assertLanes(S.binary(.f64x2Div, c, d).testF64, [0.5, -4])
        assertLanes(S.unary(.f64x2Sqrt, Lanes.f64(9, -1)).testF64, [3, .nan])
    }

    func testSignOperationsAreBitwise() {
        let a = Lanes.u32(0xFFA0_0001, 0x3F80_0000, 0x8000_0000, 0x7FC0_0000)
        XCTAssertEqual(S.unary(.f32x4Abs, a).testU32, [0x7FA0_0001, 0x3F80_0000, 0, 0x7FC0_0000])
        XCTAssertEqual(S.unary(.f32x4Neg, a).testU32, [0x7FA0_0001, 0xBF80_0000, 0, 0xFFC0_0000])
        let b = V128(low: 0xFFF4_0000_0000_0001, high: 0x3FF0_0000_0000_0000)
        XCTAssertEqual(S.unary(.f64x2Abs, b), V128(low: 0x7FF4_0000_0000_0001, high: 0x3FF0_0000_0000_0000))
        XCTAssertEqual(S.unary(.f64x2Neg, b), V128(low: 0x7FF4_0000_0000_0001, high: 0xBFF0_0000_0000_0000))
    }

    func testRounding() {
        let a = Lanes.f32(-0.5, 1.5, 2.5, -1.1)
        assertLanes(S.unary(.f32x4Ceil, a).testF32, [-0.0, 2, 3, -1])
        assertLanes(S.unary(.f32x4Floor, a).testF32, [-1, 1, 2, -2])
        assertLanes(S.unary(.f32x4Trunc, a).testF32, [-0.0, 1, 2, -1])
        assertLanes(S.unary(.f32x4Nearest, a).testF32, [-0.0, 2, 2, -1])
        let b = Lanes.f64(-0.5, 2.5)
        assertLanes(S.unary(.f64x2Ceil, b).testF64, [-0.0, 3])
        assertLanes(S.unary(.f64x2Floor, b).testF64, [-1, 2])
        assertLanes(S.unary(.f64x2Trunc, b).testF64, [-0.0, 2])
        assertLanes(S.unary(.f64x2Nearest, b).testF64, [-0.0, 2])
    }

    func testFloatComparisons() {
        let a = Lanes.f32(nan, -0.0, 1, 2), b = Lanes.f32(nan, 0.0, 2, 1)
        XCTAssertEqual(S.binary(.f32x4Eq, a, b).testI32, [0, -1, 0, 0])
        XCTAssertEqual(S.binary(.f32x4Ne, a, b).testI32, [-1, 0, -1, -1])
        XCTAssertEqual(S.binary(.f32x4Lt, a, b).testI32, [0, 0, -1, 0])
        XCTAssertEqual(S.binary(.f32x4Gt, a, b).testI32, [0, 0, 0, -1])
        XCTAssertEqual(S.binary(.f32x4Le, a, b).testI32, [0, -1, -1, 0])
        XCTAssertEqual(S.binary(.f32x4Ge, a, b).testI32, [0, -1, 0, -1])
        let c = Lanes.f64(.nan, -0.0), d = Lanes.f64(1, 0.0)
        XCTAssertEqual(S.binary(.f64x2Eq, c, d).testI64, [0, -1])
        XCTAssertEqual(S.binary(.f64x2Ne, c, d).testI64, [-1, 0])
        XCTAssertEqual(S.binary(.f64x2Lt, c, d).testI64, [0, 0])
        XCTAssertEqual(S.binary(.f64x2Gt, c, d).testI64, [0, 0])
        XCTAssertEqual(S.binary(.f64x2Le, c, d).testI64, [0, -1])
        XCTAssertEqual(S.binary(.f64x2Ge, c, d).testI64, [0, -1])
        XCTAssertEqual(S.binary(.f64x2Lt, Lanes.f64(1, 3), Lanes.f64(2, 2)).testI64, [-1, 0])
    }

    func testConversions() {
        let a = Lanes.f32(nan, 3e9, -3e9, -1.5)
        XCTAssertEqual(S.unary(.i32x4TruncSatF32x4S, a).testI32, [0, .max, .min, -1])
        XCTAssertEqual(S.unary(.i32x4TruncSatF32x4U, a).testU32, [0, 3_000_000_000, 0, 0])
        XCTAssertEqual(S.unary(.i32x4TruncSatF64x2SZero, Lanes.f64(1e10, -1.9)).testI32, [.max, -1, 0, 0])
        XCTAssertEqual(S.unary(.i32x4TruncSatF64x2UZero, Lanes.f64(4294967295.5, -1.9)).testU32, [.max, 0, 0, 0])
        XCTAssertEqual(S.unary(.i32x4TruncSatF64x2UZero, Lanes.f64(.nan, 1e10)).testU32, [0, .max, 0, 0])

        let b = Lanes.i32(-1, .min, 16_777_217, .max)
        assertLanes(S.unary(.f32x4ConvertI32x4S, b).testF32, [-1, -2147483648, 16_777_216, 2147483648])
        assertLanes(S.unary(.f32x4ConvertI32x4U, b).testF32, [4294967296, 2147483648, 16_777_216, 2147483648])
        assertLanes(S.unary(.f64x2ConvertLowI32x4S, b).testF64, [-1, -2147483648])
        assertLanes(S.unary(.f64x2ConvertLowI32x4U, b).testF64, [4294967295, 2147483648])

        let c = Lanes.f64(0x1.fffffep+127 * 2, 1.5)
        assertLanes(S.unary(.f32x4DemoteF64x2Zero, c).testF32, [.infinity, 1.5, 0, 0])
        XCTAssertEqual(S.unary(.f32x4DemoteF64x2Zero, Lanes.f64(.nan, -0.0)).testU32, [0x7FC0_0000, 0x8000_0000, 0, 0])
        assertLanes(S.unary(.f64x2PromoteLowF32x4, Lanes.f32(1.5, -0.0, 99, 99)).testF64, [1.5, -0.0])
        XCTAssertEqual(S.unary(.f64x2PromoteLowF32x4, Lanes.f32(nan, 1, 1, 1)).low, 0x7FF8_0000_0000_0000)
    }
}
