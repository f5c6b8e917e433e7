import Foundation
import Synchronization
import WasmVM
import XCTest

final class InterpreterTests: XCTestCase {
    func instance(_ wat: String, imports: Imports = Imports(), store: Store = Store()) throws -> Instance {
        let module = try Module(bytes: try WatCompiler.compile(wat))
        return try store.instantiate(module, imports: imports)
    }

    func testRecursiveFibonacci() throws {
        let instance = try instance("""
        (module
          (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
        """)
        XCTAssertEqual(try instance.call("fib", [.i32(20)]), [.i32(6765)])
    }

    func testMultiValueBlocksAndLocalTeeFusion() throws {
        let instance = try instance("""
        (module
          (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
          (func (export "sum_to") (param i32) (result i64) (local i64)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get 0)))
                (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br $next)))
            (local.get 1))
          (func (export "pair") (result i32 i32)
            (block (result i32 i32) (i32.const 7) (i32.const 9) (br 0))))
        """)
        XCTAssertEqual(try instance.call("swap", [.i32(1), .i32(2)]), [.i32(2), .i32(1)])
        XCTAssertEqual(try instance.call("sum_to", [.i32(100_000)]), [.i64(5_000_050_000)])
        XCTAssertEqual(try instance.call("pair"), [.i32(7), .i32(9)])
    }

    func testTrapCarriesReasonAndNamedStackTrace() throws {
        let instance = try instance("""
        (module
          (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
          (func $outer (export "outer") (param i32) (result i32) (call $inner (local.get 0))))
        """)
        XCTAssertThrowsError(try instance.call("outer", [.i32(0)])) { error in
            guard let trap = error as? Trap else { return XCTFail("not a trap: \(error)") }
            guard case .integerDivideByZero = trap.reason else { return XCTFail("wrong reason: \(trap.reason)") }
            XCTAssertEqual(trap.stackTrace.map(\.functionName), ["inner", "outer"])
        }
        // The store stays usable after a trap.
        XCTAssertEqual(try instance.call("outer", [.i32(1)]), [.i32(1)])
    }

    func testDeepRecursionExhaustsTheWasmStackNotTheHostStack() throws {
        let instance = try instance("""
        (module (func $down (export "down") (param i64) (result i64)
          (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 0))
            (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))
        """)
        XCTAssertEqual(try instance.call("down", [.i64(50_000)]), [.i64(50_000)])
        XCTAssertThrowsError(try instance.call("down", [.i64(100_000_000)])) { error in
            guard case .callStackExhausted = (error as? Trap)?.reason else { return XCTFail("\(error)") }
        }
    }

    static let infiniteLoop = """
    (module (func (export "spin") (loop $l (br $l))))
    """

    func testFuelStopsAnInfiniteLoopAndTheStoreRecovers() throws {
        let store = Store()
        let instance = try instance(Self.infiniteLoop, store: store)
        store.fuel = 1_000_000
        XCTAssertThrowsError(try instance.call("spin")) { error in
            guard case .outOfFuel = (error as? Trap)?.reason else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(store.fuel, 0)
    }

    func testDeadlineInterruptsAnInfiniteLoop() throws {
        let store = Store()
        let instance = try instance(Self.infiniteLoop, store: store)
        store.deadline = .now + .milliseconds(50)
        XCTAssertThrowsError(try instance.call("spin")) { error in
            guard case .interrupted = (error as? Trap)?.reason else { return XCTFail("\(error)") }
        }
    }

    func testInterruptFromAnotherThread() throws {
        let store = Store()
        let instance = try instance(Self.infiniteLoop, store: store)
        let handle = store.interruptHandle
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { handle.interrupt() }
        XCTAssertThrowsError(try instance.call("spin")) { error in
            guard case .interrupted = (error as? Trap)?.reason else { return XCTFail("\(error)") }
        }
    }

    func testHostFunctionsAndReentrantCalls() throws {
        let store = Store()
        var imports = Imports()
        var reentrant: Function?
        imports.define(module: "env", name: "twice", HostFunction(parameters: [.i32], results: [.i32]) { _, args in
            let value = try reentrant!.call([args[0]])   // back into Wasm from inside a host call
            return [.i32(value[0].int32.map { UInt32(bitPattern: $0 &* 2) }!)]
        })
        imports.define(module: "env", name: "fail", HostFunction { _, _ in throw CocoaError(.featureUnsupported) })
        let instance = try instance("""
        (module
          (import "env" "twice" (func $twice (param i32) (result i32)))
          (import "env" "fail" (func $fail))
          (func $inc (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func (export "go") (param i32) (result i32) (i32.add (call $twice (local.get 0)) (i32.const 1000)))
          (func (export "bad") (call $fail)))
        """, imports: imports, store: store)
        reentrant = instance.exportedFunction("inc")
        XCTAssertEqual(try instance.call("go", [.i32(5)]), [.i32(1012)])
        XCTAssertThrowsError(try instance.call("bad")) { error in
            guard case .host(let inner) = (error as? Trap)?.reason else { return XCTFail("\(error)") }
            XCTAssertTrue(inner is CocoaError)
        }
    }

    func testMemoryPageLimitCapsGrowth() throws {
        let store = Store()
        store.memoryPageLimit = 4
        let instance = try instance("""
        (module (memory (export "memory") 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
        """, store: store)
        XCTAssertEqual(try instance.call("grow", [.i32(3)]), [.i32(1)])
        XCTAssertEqual(try instance.call("grow", [.i32(1)]), [.int32(-1)])
        XCTAssertEqual(instance.exportedMemory("memory")?.pageCount, 4)
    }

    func testOutOfBoundsAccessTrapsAndHostMemoryAccessIsChecked() throws {
        let instance = try instance("""
        (module (memory (export "memory") 1)
          (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0))))
        """)
        let memory = try XCTUnwrap(instance.exportedMemory("memory"))
        try memory.store(UInt32(0xDEAD_BEEF), at: 8)
        XCTAssertEqual(try instance.call("load", [.i32(4)]), [.i32(0xDEAD_BEEF)])
        XCTAssertThrowsError(try instance.call("load", [.i32(65_532)])) { error in
            guard case .outOfBoundsMemoryAccess = (error as? Trap)?.reason else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try memory.read(at: 65_535, count: 2))
    }

    func testOneModuleSharedByStoresOnSeveralThreads() throws {
        let module = try Module(bytes: try WatCompiler.compile("""
        (module (func $f (export "f") (param i32) (result i32)
          (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
            (else (i32.add (call $f (i32.sub (local.get 0) (i32.const 1))) (call $f (i32.sub (local.get 0) (i32.const 2))))))))
        """))
        let results = Mutex<[Int32]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let store = Store()
            let instance = try? store.instantiate(module)
            let value = (try? instance?.call("f", [.i32(18)]))??.first?.int32 ?? -1
            results.withLock { $0.append(value) }
        }
        XCTAssertEqual(results.withLock { $0 }, Array(repeating: 2584, count: 8))
    }

    func testArgumentsAreTypeChecked() throws {
        let instance = try instance("(module (func (export \"id\") (param i64) (result i64) (local.get 0)))")
        XCTAssertThrowsError(try instance.call("id", [.i32(1)]))
        XCTAssertThrowsError(try instance.call("missing", []))
    }
}

final class TypedFunctionTests: XCTestCase {
    func testTypedCallsCheckTheSignatureOnceAndPassPlainNumbers() throws {
        let module = try Module(bytes: try WatCompiler.compile("""
        (module
          (func (export "mix") (param i32 i64 f64) (result f64)
            (f64.add (f64.convert_i32_s (local.get 0)) (f64.add (f64.convert_i64_s (local.get 1)) (local.get 2))))
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
        """))
        let instance = try Store().instantiate(module)
        let mix = try instance.typedFunction("mix", parameters: Int32.self, Int64.self, Double.self, result: Double.self)
        XCTAssertEqual(try mix(-2, 40, 0.5), 38.5)
        let div = try instance.typedFunction("div", parameters: Int32.self, Int32.self, result: Int32.self)
        XCTAssertEqual(try div(-7, 2), -3)
        XCTAssertThrowsError(try div(1, 0)) { error in
            guard case .integerDivideByZero = (error as? Trap)?.reason else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try instance.typedFunction("div", parameters: Int64.self, Int32.self, result: Int32.self))
        XCTAssertThrowsError(try instance.typedFunction("nope", parameters: Int32.self, result: Int32.self))
    }
}
