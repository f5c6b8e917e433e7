import Foundation
import WastRunner
import XCTest

/// Checks the runner itself on small hand-written scripts: it must pass what is right, and — just as
/// important for trusting a green suite — it must *fail* what is wrong.
final class WastRunnerTests: XCTestCase {
    private func run(_ script: String) throws -> WastFileResult {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wastrunner-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("script.wast")
        try script.write(to: file, atomically: true, encoding: .utf8)
        return try WastRunner().run(file: file.path)
    }

    private func messages(_ result: WastFileResult) -> String {
        result.failures.map(\.description).joined(separator: "\n")
    }

    // MARK: Module assertions (decoding, validation, linking, instantiation; no code runs)

    func testCorrectModuleAssertionsPass() throws {
        let result = try run("""
            (assert_malformed (module binary "\\00asm\\02\\00\\00\\00") "unknown binary version")
            (assert_invalid (module (func (result i32))) "type mismatch")
            (assert_unlinkable (module (import "spectest" "nothing" (func))) "unknown import")
            (assert_unlinkable (module (import "spectest" "global_i32" (global i64))) "incompatible import type")
            (assert_trap (module (memory 1) (data (i32.const 65536) "a")) "out of bounds memory access")
            """)
        XCTAssertEqual(result.passed, 5, messages(result))
        XCTAssertEqual(result.failed, 0, messages(result))
        XCTAssertTrue(result.succeeded)
    }

    func testWrongModuleAssertionsFail() throws {
        let result = try run("""
            (assert_malformed (module binary "\\00asm\\01\\00\\00\\00") "accepted, so this must fail")
            (assert_invalid (module (func (result i32) (i32.const 0))) "valid, so this must fail")
            (assert_malformed (module binary "\\00asm\\01\\00\\00\\00\\01\\04\\01\\60\\00\\00\\03\\02\\01\\00\\0a\\04\\01\\02\\00\\0b") "valid")
            (assert_unlinkable (module (import "spectest" "global_i32" (global i32))) "links fine")
            (assert_trap (module (memory 1) (data (i32.const 65536) "a")) "unreachable")
            """)
        XCTAssertEqual(result.passed, 0, messages(result))
        XCTAssertEqual(result.failed, 5, messages(result))
        XCTAssertFalse(result.succeeded)
        XCTAssertEqual(result.failures.map(\.line), [1, 2, 3, 4, 5])
    }

    func testTextFormatAssertionsAreNotApplicable() throws {
        let result = try run("""
            (assert_malformed (module quote "(func") "unexpected end")
            (assert_malformed (module quote "(module (func (i32.const 0x)))") "unknown operator")
            """)
        XCTAssertEqual(result.notApplicable, 2)
        XCTAssertEqual(result.passed, 0)
        XCTAssertEqual(result.failed, 0)
        XCTAssertEqual(result.skipped, 0)
    }

    func testSpectestModuleAndRegistration() throws {
        let result = try run("""
            (module
              (import "spectest" "print_i32" (func (param i32)))
              (import "spectest" "print_f64_f64" (func (param f64 f64)))
              (import "spectest" "global_i32" (global $i i32))
              (import "spectest" "global_f32" (global $f f32))
              (import "spectest" "global_f64" (global $d f64))
              (import "spectest" "table" (table 10 20 funcref))
              (import "spectest" "memory" (memory 1 2))
              (global (export "i") i32 (global.get $i))
              (global (export "f") f32 (global.get $f))
              (global (export "d") f64 (global.get $d)))
            (assert_return (get "i") (i32.const 666))
            (assert_return (get "f") (f32.const 666.6))
            (assert_return (get "d") (f64.const 666.6))
            (module $A (global (export "x") i32 (i32.const 7)) (global (export "v") v128 (v128.const i16x8 1 2 3 4 5 6 7 -1)))
            (register "a" $A)
            (module $B (import "a" "x" (global i32)) (global (export "y") i32 (global.get 0)))
            (assert_return (get "y") (i32.const 7))
            (assert_return (get $A "x") (i32.const 7))
            (assert_return (get $A "v") (v128.const i16x8 1 2 3 4 5 6 7 -1))
            (assert_return (get $A "v") (v128.const i32x4 0x20001 0x40003 0x60005 0xffff0007))
            """)
        XCTAssertEqual(result.passed, 11, messages(result))
        XCTAssertTrue(result.succeeded, messages(result))
    }

    func testWrongValuesFail() throws {
        let result = try run("""
            (module $A
              (global (export "x") i32 (i32.const 7))
              (global (export "nan") f32 (f32.const nan:0x600000))
              (global (export "zero") f64 (f64.const -0.0))
              (global (export "v") v128 (v128.const f32x4 nan 1 2 3)))
            (assert_return (get "x") (i32.const 8))
            (assert_return (get "nan") (f32.const nan:canonical))
            (assert_return (get "zero") (f64.const 0.0))
            (assert_return (get "v") (v128.const f32x4 nan:canonical 1 2 4))
            (assert_return (get "nan") (f32.const nan:arithmetic))
            (assert_return (get "v") (v128.const f32x4 nan:canonical 1 2 3))
            """)
        XCTAssertEqual(result.passed, 3, messages(result))  // the module and the last two assertions
        XCTAssertEqual(result.failures.map(\.line), [6, 7, 8, 9], messages(result))
    }

    // MARK: Execution (needs the interpreter)

    func testExecutionAssertions() throws {
        let good = try run("""
            (module
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func $loop (export "loop") (call $loop))
              (func (export "null") (result externref) (ref.null extern))
              (func (export "id") (param externref) (result externref) (local.get 0)))
            (assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 5))
            (assert_return (invoke "add" (i32.const -1) (i32.const 0)) (i32.const 4294967295))
            (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
            (assert_exhaustion (invoke "loop") "call stack exhausted")
            (assert_return (invoke "null") (ref.null extern))
            (assert_return (invoke "id" (ref.extern 42)) (ref.extern 42))
            (invoke "add" (i32.const 1) (i32.const 1))
            """)
        XCTAssertEqual(good.passed, 8, messages(good))
        XCTAssertTrue(good.succeeded, messages(good))

        let bad = try run("""
            (module
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
            (assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 6))
            (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer overflow")
            (assert_trap (invoke "add" (i32.const 1) (i32.const 0)) "unreachable")
            (assert_return (invoke "div" (i32.const 1) (i32.const 0)) (i32.const 0))
            """)
        XCTAssertEqual(bad.passed, 1, messages(bad))
        XCTAssertEqual(bad.failures.map(\.line), [4, 5, 6, 7], messages(bad))
    }
}
