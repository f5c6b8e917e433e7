import XCTest
@testable import WasmVM

/// Scalar float operators: the corner cases the spec suite (f32.wast, f64.wast, float_exprs.wast) checks.
final class NumericFloatTests: XCTestCase {
    private func f(_ x: Float) -> UInt32 { x.bitPattern }
    private func d(_ x: Double) -> UInt64 { x.bitPattern }
    private let negZeroF: UInt32 = 0x8000_0000
    private let negZeroD: UInt64 = 0x8000_0000_0000_0000

    private func isArithmeticNaN(_ bits: UInt32) -> Bool {
        Float(bitPattern: bits).isNaN && bits & WasmFloat.f32QuietBit != 0
    }
    private func isCanonicalNaN(_ bits: UInt32) -> Bool { bits & 0x7FFF_FFFF == 0x7FC0_0000 }
    private func isArithmeticNaN(_ bits: UInt64) -> Bool {
        Double(bitPattern: bits).isNaN && bits & WasmFloat.f64QuietBit != 0
    }
    private func isCanonicalNaN(_ bits: UInt64) -> Bool { bits & 0x7FFF_FFFF_FFFF_FFFF == 0x7FF8_0000_0000_0000 }

    func testMinMaxSignedZero() {
        XCTAssertEqual(WasmFloat.f32Min(f(0), negZeroF), negZeroF)
        XCTAssertEqual(WasmFloat.f32Min(negZeroF, f(0)), negZeroF)
        XCTAssertEqual(WasmFloat.f32Max(f(0), negZeroF), f(0))
        XCTAssertEqual(WasmFloat.f32Max(negZeroF, f(0)), f(0))
        XCTAssertEqual(WasmFloat.f64Min(d(0), negZeroD), negZeroD)
        XCTAssertEqual(WasmFloat.f64Min(negZeroD, d(0)), negZeroD)
        XCTAssertEqual(WasmFloat.f64Max(d(0), negZeroD), d(0))
        XCTAssertEqual(WasmFloat.f64Max(negZeroD, d(0)), d(0))
    }

    func testMinMaxNumbers() {
        XCTAssertEqual(WasmFloat.f32Min(f(1), f(-2)), f(-2))
        XCTAssertEqual(WasmFloat.f32Max(f(1), f(-2)), f(1))
        XCTAssertEqual(WasmFloat.f32Min(f(.infinity), f(-.infinity)), f(-.infinity))
        XCTAssertEqual(WasmFloat.f32Max(f(3), f(3)), f(3))
        XCTAssertEqual(WasmFloat.f64Min(d(1), d(-2)), d(-2))
        XCTAssertEqual(WasmFloat.f64Max(d(1), d(-2)), d(1))
        XCTAssertEqual(WasmFloat.f64Max(d(-.infinity), d(.infinity)), d(.infinity))
    }

    func testMinMaxNaNPropagation() {
        let canonical: UInt32 = 0x7FC0_0000, negCanonical: UInt32 = 0xFFC0_0000, signaling: UInt32 = 0x7FA0_0000
        let payload: UInt32 = 0x7FE0_0001
        // Canonical in → canonical out.
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f32Min(canonical, f(1))))
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f32Min(f(1), negCanonical)))
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f32Max(f(-0.0), canonical)))
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f32Max(canonical, canonical)))
        // Anything else → arithmetic.
        XCTAssertTrue(isArithmeticNaN(WasmFloat.f32Min(signaling, f(0))))
        XCTAssertTrue(isArithmeticNaN(WasmFloat.f32Max(f(0), signaling)))
        XCTAssertTrue(isArithmeticNaN(WasmFloat.f32Min(payload, signaling)))
        XCTAssertTrue(isArithmeticNaN(WasmFloat.f32Max(f(.infinity), payload)))

        let dCanonical: UInt64 = 0x7FF8_0000_0000_0000, dSignaling: UInt64 = 0x7FF4_0000_0000_0000
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f64Min(dCanonical, d(1))))
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f64Max(d(1), dCanonical | negZeroD)))
        XCTAssertTrue(isArithmeticNaN(WasmFloat.f64Min(d(1), dSignaling)))
        XCTAssertTrue(isArithmeticNaN(WasmFloat.f64Max(dSignaling, d(-.infinity))))
    }

    func testNearestRoundsHalfToEvenAndKeepsSign() {
        XCTAssertEqual(WasmFloat.f32Nearest(f(-0.5)), negZeroF)
        XCTAssertEqual(WasmFloat.f32Nearest(f(0.5)), f(0))
        XCTAssertEqual(WasmFloat.f32Nearest(f(1.5)), f(2))
        XCTAssertEqual(WasmFloat.f32Nearest(f(2.5)), f(2))
        XCTAssertEqual(WasmFloat.f32Nearest(f(-3.5)), f(-4))
        XCTAssertEqual(WasmFloat.f32Nearest(f(-0.0)), negZeroF)
        XCTAssertEqual(WasmFloat.f32Nearest(f(4194303.5)), f(4194304))
        XCTAssertEqual(WasmFloat.f32Nearest(f(8388609)), f(8388609))
        XCTAssertEqual(WasmFloat.f32Nearest(f(.infinity)), f(.infinity))
        XCTAssertEqual(WasmFloat.f64Nearest(d(-0.5)), negZeroD)
        XCTAssertEqual(WasmFloat.f64Nearest(d(2.5)), d(2))
        XCTAssertEqual(WasmFloat.f64Nearest(d(-1.5)), d(-2))
        XCTAssertEqual(WasmFloat.f64Nearest(d(2251799813685247.5)), d(2251799813685248))
        XCTAssertEqual(WasmFloat.f64Nearest(d(4503599627370497)), d(4503599627370497))
    }

    func testCeilFloorTrunc() {
        XCTAssertEqual(WasmFloat.f32Ceil(f(-0.5)), negZeroF)
        XCTAssertEqual(WasmFloat.f32Ceil(f(1.1)), f(2))
        XCTAssertEqual(WasmFloat.f32Floor(f(-0.5)), f(-1))
        XCTAssertEqual(WasmFloat.f32Floor(f(-0.0)), negZeroF)
        XCTAssertEqual(WasmFloat.f32Floor(f(1.9)), f(1))
        XCTAssertEqual(WasmFloat.f32Trunc(f(-0.9)), negZeroF)
        XCTAssertEqual(WasmFloat.f32Trunc(f(-1.9)), f(-1))
        XCTAssertEqual(WasmFloat.f64Ceil(d(-0.5)), negZeroD)
        XCTAssertEqual(WasmFloat.f64Ceil(d(1.0000001)), d(2))
        XCTAssertEqual(WasmFloat.f64Floor(d(-0.5)), d(-1))
        XCTAssertEqual(WasmFloat.f64Trunc(d(-0.9)), negZeroD)
        XCTAssertEqual(WasmFloat.f64Trunc(d(1e300)), d(1e300))
    }

    func testRoundingQuietsNaN() {
        let signaling: UInt32 = 0x7FA0_0000, canonical: UInt32 = 0xFFC0_0000
        for op in [WasmFloat.f32Ceil, WasmFloat.f32Floor, WasmFloat.f32Trunc, WasmFloat.f32Nearest, WasmFloat.f32Sqrt] {
            XCTAssertTrue(isArithmeticNaN(op(signaling)))
            XCTAssertTrue(isCanonicalNaN(op(canonical)))
        }
        let dSignaling: UInt64 = 0xFFF4_0000_0000_0001, dCanonical: UInt64 = 0x7FF8_0000_0000_0000
        for op in [WasmFloat.f64Ceil, WasmFloat.f64Floor, WasmFloat.f64Trunc, WasmFloat.f64Nearest, WasmFloat.f64Sqrt] {
            XCTAssertTrue(isArithmeticNaN(op(dSignaling)))
            XCTAssertTrue(isCanonicalNaN(op(dCanonical)))
        }
    }

    func testArithmetic() {
        XCTAssertEqual(WasmFloat.f32Add(f(1), f(2)), f(3))
        XCTAssertEqual(WasmFloat.f32Sub(f(1), f(2)), f(-1))
        XCTAssertEqual(WasmFloat.f32Mul(f(-0.0), f(2)), negZeroF)
        XCTAssertEqual(WasmFloat.f32Div(f(1), f(-0.0)), f(-.infinity))
        XCTAssertEqual(WasmFloat.f32Sqrt(f(4)), f(2))
        XCTAssertEqual(WasmFloat.f32Sqrt(negZeroF), negZeroF)
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f32Sqrt(f(-1))))
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f32Div(f(0), f(0))))
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f32Sub(f(.infinity), f(.infinity))))
        XCTAssertTrue(isArithmeticNaN(WasmFloat.f32Add(0x7F80_0001, f(1))))
        XCTAssertEqual(WasmFloat.f64Add(d(0.1), d(0.2)), d(0.1 + 0.2))
        XCTAssertEqual(WasmFloat.f64Sub(d(1), d(1)), d(0))
        XCTAssertEqual(WasmFloat.f64Mul(d(3), d(-2)), d(-6))
        XCTAssertEqual(WasmFloat.f64Div(d(1), d(3)), d(1.0 / 3.0))
        XCTAssertEqual(WasmFloat.f64Sqrt(d(2)), d(2.0.squareRoot()))
        XCTAssertTrue(isCanonicalNaN(WasmFloat.f64Mul(d(0), d(.infinity))))
        XCTAssertTrue(isArithmeticNaN(WasmFloat.f64Add(0x7FF0_0000_0000_0001, d(1))))
    }

    func testSignOperationsPreservePayload() {
        let signaling: UInt32 = 0x7FA0_0001
        XCTAssertEqual(WasmFloat.f32Abs(0xFFA0_0001), signaling)
        XCTAssertEqual(WasmFloat.f32Neg(signaling), 0xFFA0_0001)
        XCTAssertEqual(WasmFloat.f32Copysign(signaling, f(-1)), 0xFFA0_0001)
        XCTAssertEqual(WasmFloat.f32Copysign(f(-2), f(0)), f(2))
        XCTAssertEqual(WasmFloat.f32Neg(f(0)), negZeroF)
        XCTAssertEqual(WasmFloat.f64Abs(0xFFF4_0000_0000_0001), 0x7FF4_0000_0000_0001)
        XCTAssertEqual(WasmFloat.f64Neg(0x7FF4_0000_0000_0001), 0xFFF4_0000_0000_0001)
        XCTAssertEqual(WasmFloat.f64Copysign(d(3), negZeroD), d(-3))
        XCTAssertEqual(WasmFloat.f64Copysign(d(-3), 0x7FF8_0000_0000_0000), d(3))
    }
}
