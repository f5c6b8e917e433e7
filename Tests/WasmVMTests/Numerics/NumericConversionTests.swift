import XCTest
@testable import WasmVM

/// Conversions: the boundary cases from the spec suite's conversions.wast.
final class NumericConversionTests: XCTestCase {
    private func f(_ x: Float) -> UInt32 { x.bitPattern }
    private func d(_ x: Double) -> UInt64 { x.bitPattern }
    private let nanF: UInt32 = 0x7FC0_0000
    private let nanD: UInt64 = 0x7FF8_0000_0000_0000

    /// Asserts that `body` throws exactly `expected`.
    private func assertTrap<R>(
        _ expected: ConversionTrap, _ body: () throws(ConversionTrap) -> R, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let value = try body()
            XCTFail("expected \(expected), got \(value)", file: file, line: line)
        } catch {
            XCTAssertEqual(error, expected, file: file, line: line)
        }
    }

    func testTrapReasons() {
        XCTAssertEqual(ConversionTrap.overflow.reason.description, "integer overflow")
        XCTAssertEqual(ConversionTrap.invalid.reason.description, "invalid conversion to integer")
    }

    func testI32TruncF32() throws {
        XCTAssertEqual(try WasmConversion.i32TruncF32S(f(-2147483648)), 0x8000_0000)
        XCTAssertEqual(try WasmConversion.i32TruncF32S(f(2147483520)), 2147483520)
        XCTAssertEqual(try WasmConversion.i32TruncF32S(f(-1.9)), UInt32(bitPattern: -1))
        XCTAssertEqual(try WasmConversion.i32TruncF32S(f(-0.0)), 0)
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF32S(f(2147483648)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF32S(f(-2147483904)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF32S(f(.infinity)) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i32TruncF32S(nanF) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i32TruncF32S(0xFFA0_0000) }

        XCTAssertEqual(try WasmConversion.i32TruncF32U(f(-0.9)), 0)
        XCTAssertEqual(try WasmConversion.i32TruncF32U(f(4294967040)), 4294967040)
        XCTAssertEqual(try WasmConversion.i32TruncF32U(f(2147483648)), 0x8000_0000)
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF32U(f(4294967296)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF32U(f(-1)) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i32TruncF32U(nanF) }
    }

    func testI32TruncF64() throws {
        XCTAssertEqual(try WasmConversion.i32TruncF64S(d(-2147483648.9)), 0x8000_0000)
        XCTAssertEqual(try WasmConversion.i32TruncF64S(d(2147483647.9)), 0x7FFF_FFFF)
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF64S(d(-2147483649)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF64S(d(2147483648)) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i32TruncF64S(nanD) }

        XCTAssertEqual(try WasmConversion.i32TruncF64U(d(4294967295.9)), 0xFFFF_FFFF)
        XCTAssertEqual(try WasmConversion.i32TruncF64U(d(-0.9999999)), 0)
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF64U(d(4294967296)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF64U(d(-1)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i32TruncF64U(d(1e16)) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i32TruncF64U(0xFFF4_0000_0000_0000) }
    }

    func testI64Trunc() throws {
        XCTAssertEqual(try WasmConversion.i64TruncF32S(f(-9223372036854775808)), 0x8000_0000_0000_0000)
        XCTAssertEqual(try WasmConversion.i64TruncF32S(f(9223371487098961920)), 9223371487098961920)
        XCTAssertEqual(try WasmConversion.i64TruncF32S(f(-1.5)), UInt64(bitPattern: -1))
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i64TruncF32S(f(9223372036854775808)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i64TruncF32S(f(-9223373136366403584)) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i64TruncF32S(nanF) }

        XCTAssertEqual(try WasmConversion.i64TruncF32U(f(18446742974197923840)), 18446742974197923840)
        XCTAssertEqual(try WasmConversion.i64TruncF32U(f(-0.9)), 0)
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i64TruncF32U(f(18446744073709551616)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i64TruncF32U(f(-1)) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i64TruncF32U(nanF) }

        XCTAssertEqual(try WasmConversion.i64TruncF64S(d(-9223372036854775808)), 0x8000_0000_0000_0000)
        XCTAssertEqual(try WasmConversion.i64TruncF64S(d(9223372036854774784)), 9223372036854774784)
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i64TruncF64S(d(9223372036854775808)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i64TruncF64S(d(-9223372036854777856)) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i64TruncF64S(nanD) }

        XCTAssertEqual(try WasmConversion.i64TruncF64U(d(18446744073709549568)), 18446744073709549568)
        XCTAssertEqual(try WasmConversion.i64TruncF64U(d(-0.99999)), 0)
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i64TruncF64U(d(18446744073709551616)) }
        assertTrap(.overflow) { () throws(ConversionTrap) in try WasmConversion.i64TruncF64U(d(-.infinity)) }
        assertTrap(.invalid) { () throws(ConversionTrap) in try WasmConversion.i64TruncF64U(nanD) }
    }

    func testSaturatingTruncation() {
        XCTAssertEqual(WasmConversion.i32TruncSatF32S(nanF), 0)
        XCTAssertEqual(WasmConversion.i32TruncSatF32S(f(2147483648)), 0x7FFF_FFFF)
        XCTAssertEqual(WasmConversion.i32TruncSatF32S(f(-.infinity)), 0x8000_0000)
        XCTAssertEqual(WasmConversion.i32TruncSatF32S(f(-1.5)), UInt32(bitPattern: -1))
        XCTAssertEqual(WasmConversion.i32TruncSatF32U(f(-1)), 0)
        XCTAssertEqual(WasmConversion.i32TruncSatF32U(f(4294967296)), 0xFFFF_FFFF)
        XCTAssertEqual(WasmConversion.i32TruncSatF32U(0xFFC0_0000), 0)
        XCTAssertEqual(WasmConversion.i32TruncSatF64S(d(-2147483649)), 0x8000_0000)
        XCTAssertEqual(WasmConversion.i32TruncSatF64S(d(2147483647.9)), 0x7FFF_FFFF)
        XCTAssertEqual(WasmConversion.i32TruncSatF64U(d(1e20)), 0xFFFF_FFFF)
        XCTAssertEqual(WasmConversion.i32TruncSatF64U(nanD), 0)
        XCTAssertEqual(WasmConversion.i64TruncSatF32S(f(.infinity)), 0x7FFF_FFFF_FFFF_FFFF)
        XCTAssertEqual(WasmConversion.i64TruncSatF32S(f(-9223373136366403584)), 0x8000_0000_0000_0000)
        XCTAssertEqual(WasmConversion.i64TruncSatF32U(f(-.infinity)), 0)
        XCTAssertEqual(WasmConversion.i64TruncSatF32U(f(18446744073709551616)), .max)
        XCTAssertEqual(WasmConversion.i64TruncSatF64S(nanD), 0)
        XCTAssertEqual(WasmConversion.i64TruncSatF64S(d(-1e300)), 0x8000_0000_0000_0000)
        XCTAssertEqual(WasmConversion.i64TruncSatF64S(d(4294967296)), 4294967296)
        XCTAssertEqual(WasmConversion.i64TruncSatF64U(d(18446744073709549568)), 18446744073709549568)
        XCTAssertEqual(WasmConversion.i64TruncSatF64U(d(1e300)), .max)
    }

    func testIntegerToFloatRoundsOnce() {
        // u64 → f32 must not double-round (the spec's tricky cases).
        XCTAssertEqual(WasmConversion.f32ConvertI64U(0x8000_0080_0000_0001), 0x5F00_0001)  // 0x1.000002p+63
        XCTAssertEqual(WasmConversion.f32ConvertI64U(0xFFFF_FE80_0000_0001), 0x5F7F_FFFF)  // 0x1.fffffep+63
        XCTAssertEqual(WasmConversion.f32ConvertI64U(0x0020_0000_2000_0001), f(0x1.000002p+53))
        XCTAssertEqual(WasmConversion.f32ConvertI64U(0x7FFF_FFBF_FFFF_FFFF), f(0x1.fffffep+62))
        XCTAssertEqual(WasmConversion.f32ConvertI64U(.max), f(18446744073709551616))
        XCTAssertEqual(WasmConversion.f32ConvertI64U(16777219), f(16777220))
        XCTAssertEqual(WasmConversion.f32ConvertI64S(0x7FFF_FF40_0000_0001), f(0x1.fffffep+62))
        XCTAssertEqual(WasmConversion.f32ConvertI64S(0x8000_0040_0000_0001), f(-0x1.fffffep+62))
        XCTAssertEqual(WasmConversion.f32ConvertI64S(0xFFDF_FFFF_DFFF_FFFF), f(-0x1.000002p+53))
        XCTAssertEqual(WasmConversion.f32ConvertI32S(UInt32(bitPattern: -16777217)), f(-16777216))
        XCTAssertEqual(WasmConversion.f32ConvertI32S(0x8000_0000), f(-2147483648))
        XCTAssertEqual(WasmConversion.f32ConvertI32U(0xFFFF_FFFF), f(4294967296))
        XCTAssertEqual(WasmConversion.f32ConvertI32U(0x8000_0081), f(2147483904))  // nearest, above the midpoint
        XCTAssertEqual(WasmConversion.f64ConvertI32S(0xFFFF_FFFF), d(-1))
        XCTAssertEqual(WasmConversion.f64ConvertI32U(0xFFFF_FFFF), d(4294967295))
        XCTAssertEqual(WasmConversion.f64ConvertI64S(9007199254740993), d(9007199254740992))
        XCTAssertEqual(WasmConversion.f64ConvertI64S(UInt64(bitPattern: -9007199254740995)), d(-9007199254740996))
        XCTAssertEqual(WasmConversion.f64ConvertI64U(.max), d(18446744073709551616))
        XCTAssertEqual(WasmConversion.f64ConvertI64U(0x8000_0000_0000_0401), d(9223372036854777856))
        XCTAssertEqual(WasmConversion.f64ConvertI64U(0x8000_0000_0000_0400), d(0x1.0000000000000p+63))  // tie to even
        XCTAssertEqual(WasmConversion.f64ConvertI64U(0xFFFF_FFFF_FFFF_F401), d(0x1.fffffffffffffp+63))
        XCTAssertEqual(WasmConversion.f64ConvertI64U(0xFFFF_FFFF_FFFF_F400), d(0x1.ffffffffffffep+63))
    }

    func testDemoteAndPromote() {
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(1)), f(1))
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(-0.0)), 0x8000_0000)
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(.greatestFiniteMagnitude)), f(.infinity))
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(0x1.fffffefffffffp+127)), f(.greatestFiniteMagnitude))
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(0x1.fffffep+127 + 0x1p+103)), f(.infinity))  // tie rounds up
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(0x1.0000010000000p+0)), f(1))  // tie to even
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(0x1.0000030000000p+0)), f(0x1.000004p+0))  // tie to even
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(0x1p-150)), 0)  // underflows (tie to even zero)
        XCTAssertEqual(WasmConversion.f32DemoteF64(d(0x1.0000000000001p-150)), 1)  // smallest subnormal
        XCTAssertEqual(WasmConversion.f32DemoteF64(nanD), nanF)
        XCTAssertEqual(WasmConversion.f32DemoteF64(0xFFF8_0000_0000_0000), 0xFFC0_0000)
        let demotedSignaling = WasmConversion.f32DemoteF64(0x7FF4_0000_0000_0000)
        XCTAssertTrue(Float(bitPattern: demotedSignaling).isNaN && demotedSignaling & 0x0040_0000 != 0)
        let demotedLowPayload = WasmConversion.f32DemoteF64(0x7FF0_0000_0000_0001)
        XCTAssertTrue(Float(bitPattern: demotedLowPayload).isNaN && demotedLowPayload & 0x0040_0000 != 0)

        XCTAssertEqual(WasmConversion.f64PromoteF32(f(1.5)), d(1.5))
        XCTAssertEqual(WasmConversion.f64PromoteF32(1), d(0x1p-149))
        XCTAssertEqual(WasmConversion.f64PromoteF32(f(-.infinity)), d(-.infinity))
        XCTAssertEqual(WasmConversion.f64PromoteF32(nanF), nanD)
        XCTAssertEqual(WasmConversion.f64PromoteF32(0xFFC0_0000), 0xFFF8_0000_0000_0000)
        let promotedSignaling = WasmConversion.f64PromoteF32(0x7FA0_0000)
        XCTAssertTrue(Double(bitPattern: promotedSignaling).isNaN && promotedSignaling & WasmFloat.f64QuietBit != 0)
    }
}
