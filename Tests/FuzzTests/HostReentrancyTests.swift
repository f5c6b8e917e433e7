import Foundation
import WasmVM
import XCTest

/// Guest → host → guest → host ... recursion. Wasm-to-Wasm calls never use the native stack (the interpreter
/// keeps its own frames), but each host function that calls back into the guest nests a whole interpreter
/// activation on the native stack; a guest that recurses through such a host function must end in a trap,
/// not in a native stack overflow.
///
/// Found by the fuzzing work (hand-made case, not the differential corpus); fixed by bounding the nesting
/// of dispatch activations per store (`Store.maximumActivationDepth`).
final class HostReentrancyTests: XCTestCase {
    func testUnboundedRecursionThroughHostFunctionTraps() throws {
        // (import "env" "h" (func)) (func (export "f0") call 0)
        var bytes = WasmBinary.header
        bytes += WasmBinary.section(1, WasmBinary.vector([WasmBinary.functionType([], [])]))
        bytes += WasmBinary.section(2, WasmBinary.vector([WasmBinary.name("env") + WasmBinary.name("h") + [0x00, 0x00]]))
        bytes += WasmBinary.section(3, WasmBinary.vector([[0x00]]))
        bytes += WasmBinary.section(7, WasmBinary.vector([WasmBinary.name("f0") + [0x00, 0x01]]))
        bytes += WasmBinary.section(10, WasmBinary.vector([WasmBinary.body([0x10, 0x00, 0x0B])]))
        let module = try Module(bytes: bytes)
        let store = Store()
        store.fuel = 100_000_000
        var imports = Imports()
        imports.define(module: "env", name: "h", HostFunction { caller, _ in
            try caller.instance!.call("f0")
        })
        let instance = try store.instantiate(module, imports: imports)
        XCTAssertThrowsError(try instance.call("f0")) { error in
            guard let trap = error as? Trap else { return XCTFail("not a trap: \(error)") }
            if case .callStackExhausted = trap.reason { return }
            // A host error wrapping the inner trap is acceptable too, as long as it is a trap and not a crash.
            if case .host = trap.reason { return }
            XCTFail("unexpected trap: \(trap.reason)")
        }
    }
}
