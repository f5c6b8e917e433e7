import Foundation
import WasmVM
import XCTest

/// Compiles WebAssembly text with `wat2wasm` (PyPI wabt) into a `Module`.
func compileWat(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Module {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("module.wat")
    let output = directory.appendingPathComponent("module.wasm")
    try text.write(to: input, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["wat2wasm", input.path, "-o", output.path]  // defaults: 2.0 features, no compact imports
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTFail("wat2wasm failed: \(message)", file: file, line: line)
        throw CocoaError(.fileReadCorruptFile)
    }
    return try Module(bytes: Array(try Data(contentsOf: output)))
}

/// A stateful module: counters in a global and in memory, a funcref table filled by an active segment and by
/// `table.init` from a passive one, a funcref global, droppable data and element segments, and a host import.
let statefulModuleText = """
(module
  (type $t (func (result i32)))
  (import "env" "tick" (func $tick (param i32)))
  (memory (export "memory") 1 1000)
  (global $counter (mut i32) (i32.const 0))
  (global $wide (mut i64) (i64.const 7))
  (global $vector (mut v128) (v128.const i64x2 1 2))
  (global $fref (mut funcref) (ref.null func))
  (table $tab 5 funcref)
  (elem (table $tab) (i32.const 0) func $one $two)
  (elem $passive func $three)
  (data $pd "hello")
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (func $three (result i32) (i32.const 3))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (i32.store (i32.const 100) (i32.add (i32.load (i32.const 100)) (i32.const 10)))
    (global.set $wide (i64.mul (global.get $wide) (i64.const 3)))
    (call $tick (global.get $counter))
    (global.get $counter))
  (func (export "counter") (result i32) (global.get $counter))
  (func (export "wide") (result i64) (global.get $wide))
  (func (export "vector_high") (result i64) (i64x2.extract_lane 1 (global.get $vector)))
  (func (export "mem") (result i32) (i32.load (i32.const 100)))
  (func (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))
  (func (export "init_passive") (table.init $tab $passive (i32.const 2) (i32.const 0) (i32.const 1)))
  (func (export "drop_elem") (elem.drop $passive))
  (func (export "drop_data") (data.drop $pd))
  (func (export "init_data") (param i32) (memory.init $pd (local.get 0) (i32.const 0) (i32.const 5)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "set_fref") (global.set $fref (ref.func $three)))
  (func (export "call_fref") (result i32)
    (table.set $tab (i32.const 4) (global.get $fref))
    (call_indirect (type $t) (i32.const 4)))
  (table (export "table") 1 funcref)
)
"""

/// Imports for the stateful module; `ticks` collects the host calls.
final class TickRecorder: @unchecked Sendable {
    var ticks: [UInt32] = []
    var imports: Imports {
        var imports = Imports()
        imports.define(module: "env", name: "tick", HostFunction(parameters: [.i32]) { [self] _, arguments in
            if case .i32(let value) = arguments[0] { ticks.append(value) }
            return []
        })
        return imports
    }
}

extension Instance {
    func i32(_ name: String, _ arguments: [Value] = []) throws -> Int32 {
        let results = try call(name, arguments)
        guard let value = results.first?.int32 else { throw CocoaError(.featureUnsupported) }
        return value
    }
}
