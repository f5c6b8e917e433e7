import XCTest
@testable import WasmVM

/// Replays operation results recorded from a reference engine (wasmtime 50, through its Python bindings) on
/// inputs biased towards corner cases (NaNs of every kind, ±0, ±inf, integer and conversion boundaries,
/// saturation limits). Integer results must match exactly; where the reference produced a NaN in a float
/// lane, ours only has to be an arithmetic NaN (the spec allows any), everything else bit for bit.
///
/// Case format, one per line: `V|S <op> <immediate> <nan-lane-bits> <hex args…> = <hex results…>|trap:<kind>`.
/// `V` lines name a ``SIMDOpcode`` case; `S` lines a scalar instruction by its text-format name.
final class NumericDifferentialTests: XCTestCase {
    private typealias S = SIMDSemantics

    func testAgainstReferenceEngine() throws {
        let opcodes = Dictionary(uniqueKeysWithValues: SIMDOpcode.allCases.map { ("\($0)", $0) })
        var checked = 0
        for line in NumericDifferentialCases.text.split(separator: "\n") {
            let sides = line.split(separator: " = ")
            let left = sides[0].split(separator: " ")
            let tag = left[0], name = String(left[1])
            let immediate = Int(left[2])!, nanLaneBits = Int(left[3])!
            let args = left.dropFirst(4).map { UInt64($0, radix: 16)! }
            let expectedText = String(sides[1])
            let actual: [UInt64]
            var trap: ConversionTrap?
            if tag == "V" {
                let op = try XCTUnwrap(opcodes[name], "unknown opcode \(name)")
                actual = simd(op, immediate, args)
            } else {
                do { actual = [try scalar(name, args)] } catch { trap = error; actual = [] }
            }
            checked += 1
            if expectedText.hasPrefix("trap:") {
                XCTAssertEqual(trap.map { "trap:\($0)" }, expectedText, String(line))
                continue
            }
            XCTAssertNil(trap, String(line))
            let expected = expectedText.split(separator: " ").map { UInt64($0, radix: 16)! }
            XCTAssertEqual(actual.count, expected.count, String(line))
            for (a, e) in zip(actual, expected) where !matches(a, e, nanLaneBits: nanLaneBits) {
                XCTFail("\(line)  → got \(actual.map { String($0, radix: 16) })")
                break
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    /// Exact match, except that NaN lanes (when `nanLaneBits` is 32 or 64) only need to be arithmetic NaNs.
    private func matches(_ actual: UInt64, _ expected: UInt64, nanLaneBits: Int) -> Bool {
        switch nanLaneBits {
        case 32:
            return (0..<2).allSatisfy { i in
                let a = UInt32(truncatingIfNeeded: actual >> (32 * UInt64(i)))
                let e = UInt32(truncatingIfNeeded: expected >> (32 * UInt64(i)))
                return Float(bitPattern: e).isNaN ? Float(bitPattern: a).isNaN && a & 0x0040_0000 != 0 : a == e
            }
        case 64:
            return Double(bitPattern: expected).isNaN
                ? Double(bitPattern: actual).isNaN && actual & 0x0008_0000_0000_0000 != 0 : actual == expected
        default:
            return actual == expected
        }
    }

    private func simd(_ op: SIMDOpcode, _ immediate: Int, _ args: [UInt64]) -> [UInt64] {
        func vector(_ i: Int) -> V128 { V128(low: args[i], high: args[i + 1]) }
        func pair(_ v: V128) -> [UInt64] { [v.low, v.high] }
        switch S.kind(of: op) {
        case .unary: return pair(S.unary(op, vector(0)))
        case .binary: return pair(S.binary(op, vector(0), vector(2)))
        case .ternary: return pair(S.bitselect(vector(0), vector(2), vector(4)))
        case .shift: return pair(S.shift(op, vector(0), UInt32(args[2])))
        case .test: return [UInt64(S.test(op, vector(0)))]
        case .splat: return pair(S.splat(op, args[0]))
        case .extractLane, .storeLane: return [S.extractLane(op, vector(0), immediate)]
        case .replaceLane, .loadLane: return pair(S.replaceLane(op, vector(0), immediate, args[2]))
        case .extendLoad: return pair(S.extendLoad(op, args[0]))
        case .splatLoad: return pair(S.splatLoad(op, args[0]))
        case .zeroLoad: return pair(S.zeroLoad(op, args[0]))
        case .shuffle: return pair(S.shuffle(vector(0), vector(2), lanes: vector(4)))
        case .load, .store, .constant: return []
        }
    }

    private func scalar(_ name: String, _ args: [UInt64]) throws(ConversionTrap) -> UInt64 {
        let a32 = UInt32(truncatingIfNeeded: args[0]), a64 = args[0]
        let b32 = args.count > 1 ? UInt32(truncatingIfNeeded: args[1]) : 0, b64 = args.count > 1 ? args[1] : 0
        switch name {
        case "f32.min": return UInt64(WasmFloat.f32Min(a32, b32))
        case "f32.max": return UInt64(WasmFloat.f32Max(a32, b32))
        case "f32.add": return UInt64(WasmFloat.f32Add(a32, b32))
        case "f32.sub": return UInt64(WasmFloat.f32Sub(a32, b32))
        case "f32.mul": return UInt64(WasmFloat.f32Mul(a32, b32))
        case "f32.div": return UInt64(WasmFloat.f32Div(a32, b32))
        case "f32.copysign": return UInt64(WasmFloat.f32Copysign(a32, b32))
        case "f32.ceil": return UInt64(WasmFloat.f32Ceil(a32))
        case "f32.floor": return UInt64(WasmFloat.f32Floor(a32))
        case "f32.trunc": return UInt64(WasmFloat.f32Trunc(a32))
        case "f32.nearest": return UInt64(WasmFloat.f32Nearest(a32))
        case "f32.sqrt": return UInt64(WasmFloat.f32Sqrt(a32))
        case "f32.abs": return UInt64(WasmFloat.f32Abs(a32))
        case "f32.neg": return UInt64(WasmFloat.f32Neg(a32))
        case "f64.min": return WasmFloat.f64Min(a64, b64)
        case "f64.max": return WasmFloat.f64Max(a64, b64)
        case "f64.add": return WasmFloat.f64Add(a64, b64)
        case "f64.sub": return WasmFloat.f64Sub(a64, b64)
        case "f64.mul": return WasmFloat.f64Mul(a64, b64)
        case "f64.div": return WasmFloat.f64Div(a64, b64)
        case "f64.copysign": return WasmFloat.f64Copysign(a64, b64)
        case "f64.ceil": return WasmFloat.f64Ceil(a64)
        case "f64.floor": return WasmFloat.f64Floor(a64)
        case "f64.trunc": return WasmFloat.f64Trunc(a64)
        case "f64.nearest": return WasmFloat.f64Nearest(a64)
        case "f64.sqrt": return WasmFloat.f64Sqrt(a64)
        case "f64.abs": return WasmFloat.f64Abs(a64)
        case "f64.neg": return WasmFloat.f64Neg(a64)
        case "i32.trunc_f32_s": return UInt64(try WasmConversion.i32TruncF32S(a32))
        case "i32.trunc_f32_u": return UInt64(try WasmConversion.i32TruncF32U(a32))
        case "i32.trunc_f64_s": return UInt64(try WasmConversion.i32TruncF64S(a64))
        case "i32.trunc_f64_u": return UInt64(try WasmConversion.i32TruncF64U(a64))
        case "i64.trunc_f32_s": return try WasmConversion.i64TruncF32S(a32)
        case "i64.trunc_f32_u": return try WasmConversion.i64TruncF32U(a32)
        case "i64.trunc_f64_s": return try WasmConversion.i64TruncF64S(a64)
        case "i64.trunc_f64_u": return try WasmConversion.i64TruncF64U(a64)
        case "i32.trunc_sat_f32_s": return UInt64(WasmConversion.i32TruncSatF32S(a32))
        case "i32.trunc_sat_f32_u": return UInt64(WasmConversion.i32TruncSatF32U(a32))
        case "i32.trunc_sat_f64_s": return UInt64(WasmConversion.i32TruncSatF64S(a64))
        case "i32.trunc_sat_f64_u": return UInt64(WasmConversion.i32TruncSatF64U(a64))
        case "i64.trunc_sat_f32_s": return WasmConversion.i64TruncSatF32S(a32)
        case "i64.trunc_sat_f32_u": return WasmConversion.i64TruncSatF32U(a32)
        case "i64.trunc_sat_f64_s": return WasmConversion.i64TruncSatF64S(a64)
        case "i64.trunc_sat_f64_u": return WasmConversion.i64TruncSatF64U(a64)
        case "f32.convert_i32_s": return UInt64(WasmConversion.f32ConvertI32S(a32))
        case "f32.convert_i32_u": return UInt64(WasmConversion.f32ConvertI32U(a32))
        case "f32.convert_i64_s": return UInt64(WasmConversion.f32ConvertI64S(a64))
        case "f32.convert_i64_u": return UInt64(WasmConversion.f32ConvertI64U(a64))
        case "f64.convert_i32_s": return WasmConversion.f64ConvertI32S(a32)
        case "f64.convert_i32_u": return WasmConversion.f64ConvertI32U(a32)
        case "f64.convert_i64_s": return WasmConversion.f64ConvertI64S(a64)
        case "f64.convert_i64_u": return WasmConversion.f64ConvertI64U(a64)
        case "f32.demote_f64": return UInt64(WasmConversion.f32DemoteF64(a64))
        case "f64.promote_f32": return WasmConversion.f64PromoteF32(a32)
        default: preconditionFailure("unknown scalar operation \(name)")
        }
    }
}
