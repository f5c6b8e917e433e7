import WasmVM
import XCTest

/// Modules at the extremes of sizes and counts, which random generation and byte mutation practically never
/// produce: each must be decoded, validated and run without crashing the host, either working or failing with
/// a typed error (ModuleError, InstantiationError, or a Trap).
final class PathologicalModuleTests: XCTestCase {
    private let i32: UInt8 = 0x7F
    private let i64: UInt8 = 0x7E

    /// Compiles and calls "f0" with zero arguments under a fuel bound; returns the outcome as text.
    @discardableResult
    private func outcome(_ bytes: [UInt8], arguments: [Value] = [], file: StaticString = #filePath,
                         line: UInt = #line) -> String {
        let module: Module
        do { module = try Module(bytes: bytes) } catch { return "rejected: \(error)" }
        let store = Store()
        store.fuel = 10_000_000
        store.memoryPageLimit = 1024
        let instance: Instance
        do { instance = try store.instantiate(module) } catch { return "instantiation failed: \(error)" }
        do {
            return "results: \(try instance.call("f0", arguments))"
        } catch {
            return "trap: \(error.reason)"
        }
    }

    func testDeeplyNestedBlocks() {
        // 200,000 nested blocks: a recursive decoder, validator or translator would overflow the host stack.
        let depth = 200_000
        let code: [UInt8] = Array(repeating: [UInt8]([0x02, 0x40]), count: depth).flatMap { $0 }
            + Array(repeating: 0x0B, count: depth) + [0x41, 0x07, 0x0B]
        let bytes = WasmBinary.module(types: [WasmBinary.functionType([], [i32])], functions: [0],
                                      bodies: [WasmBinary.body(code)])
        XCTAssertEqual(outcome(bytes), "results: [i32:7]")
    }

    func testDeeplyNestedIfsAndLoops() {
        let depth = 100_000
        let open: [UInt8] = [0x41, 0x01, 0x04, 0x40, 0x03, 0x40]   // i32.const 1; if; loop
        let code: [UInt8] = Array(repeating: open, count: depth).flatMap { $0 }
            + Array(repeating: [UInt8]([0x0B, 0x0B]), count: depth).flatMap { $0 } + [0x41, 0x05, 0x0B]
        let bytes = WasmBinary.module(types: [WasmBinary.functionType([], [i32])], functions: [0],
                                      bodies: [WasmBinary.body(code)])
        XCTAssertEqual(outcome(bytes), "results: [i32:5]")
    }

    func testBranchTableWithManyTargets() {
        // br_table with 100,000 entries, all to the function's outer block; selected with an out-of-range index.
        let targets = 100_000
        var code: [UInt8] = [0x02, 0x40, 0x41, 0x7F, 0x0E] + WasmBinary.uleb(UInt64(targets))
        for _ in 0..<targets { code += [0x00] }
        code += [0x00, 0x0B, 0x41, 0x03, 0x0B]
        let bytes = WasmBinary.module(types: [WasmBinary.functionType([], [i32])], functions: [0],
                                      bodies: [WasmBinary.body(code)])
        XCTAssertEqual(outcome(bytes), "results: [i32:3]")
    }

    func testManyLocals() {
        // 50,000 locals (wasmtime's and WasmVM's limit) of type v128: 100,000 frame slots, more than a 16-bit
        // slot index reaches. Working or a typed "unsupported" trap are both fine; a crash or a wrong result is
        // not. One local more is an implementation-limit rejection.
        let last = WasmBinary.uleb(49_999)
        let code: [UInt8] = [0x20] + last + [0xFD, 0x1B, 0x00, 0x0B]   // local.get; i32x4.extract_lane 0
        let atLimit = WasmBinary.module(types: [WasmBinary.functionType([], [i32])], functions: [0],
                                        bodies: [WasmBinary.body(locals: [(50_000, 0x7B)], code)])
        let result = outcome(atLimit)
        XCTAssertTrue(result == "results: [i32:0]" || result.hasPrefix("trap: unsupported"), result)
        let overLimit = WasmBinary.module(types: [WasmBinary.functionType([], [i32])], functions: [0],
                                          bodies: [WasmBinary.body(locals: [(50_001, 0x7B)], code)])
        XCTAssertTrue(outcome(overLimit).hasPrefix("rejected"))
    }

    func testTooManyLocalsIsRejectedWithoutAllocating() {
        // Two groups of 2^32 - 1 locals: malformed ("too many locals"), and must not try to allocate them.
        let bytes = WasmBinary.module(types: [WasmBinary.functionType([], [])], functions: [0],
                                      bodies: [WasmBinary.body(locals: [(0xFFFF_FFFF, i32), (0xFFFF_FFFF, i32)], [0x0B])])
        XCTAssertTrue(outcome(bytes).hasPrefix("rejected"))
    }

    func testHugeDeclaredCountsAreRejectedWithoutAllocating() {
        // A type section that claims 2^32 - 1 entries but holds none, and the same for functions and exports.
        for id: UInt8 in [1, 3, 5, 6, 7, 9, 10, 11] {
            let bytes = WasmBinary.header + WasmBinary.section(id, WasmBinary.uleb(0xFFFF_FFFF))
            XCTAssertTrue(outcome(bytes).hasPrefix("rejected"), "section \(id)")
        }
    }

    func testManyParametersAndResults() {
        // 1,000 parameters, 1,000 results: the function returns its parameters.
        let count = 1000
        var code: [UInt8] = []
        for i in 0..<count { code += [0x20] + WasmBinary.uleb(UInt64(i)) }
        code += [0x0B]
        let bytes = WasmBinary.module(
            types: [WasmBinary.functionType(Array(repeating: i32, count: count), Array(repeating: i32, count: count))],
            functions: [0], bodies: [WasmBinary.body(code)])
        let arguments = (0..<count).map { Value.i32(UInt32($0)) }
        XCTAssertEqual(outcome(bytes, arguments: arguments), "results: \(arguments)")
    }

    func testInfiniteRecursionWithLargeFrames() {
        // Each frame has 5,000 locals: the value stack runs out long before the frame limit.
        let code: [UInt8] = [0x10, 0x00, 0x0B]
        let bytes = WasmBinary.module(types: [WasmBinary.functionType([], [])], functions: [0],
                                      bodies: [WasmBinary.body(locals: [(5000, i64)], code)])
        XCTAssertEqual(outcome(bytes), "trap: call stack exhausted")
    }

    func testInfiniteRecursionThroughCallIndirect() {
        // (table 1 funcref) (elem (i32.const 0) 0); f0 calls itself through the table forever.
        var bytes = WasmBinary.header
        bytes += WasmBinary.section(1, WasmBinary.vector([WasmBinary.functionType([], [])]))
        bytes += WasmBinary.section(3, WasmBinary.vector([[0x00]]))
        bytes += WasmBinary.section(4, WasmBinary.vector([[0x70, 0x00, 0x01]]))
        bytes += WasmBinary.section(7, WasmBinary.vector([WasmBinary.name("f0") + [0x00, 0x00]]))
        bytes += WasmBinary.section(9, WasmBinary.vector([[0x00, 0x41, 0x00, 0x0B, 0x01, 0x00]]))
        bytes += WasmBinary.section(10, WasmBinary.vector([WasmBinary.body([0x41, 0x00, 0x11, 0x00, 0x00, 0x0B])]))
        XCTAssertEqual(outcome(bytes), "trap: call stack exhausted")
    }

    func testLargeMemoriesAndTables() {
        // A 4 GiB memory (65,536 pages) with the store capped at 1,024 pages, and a table above the
        // implementation's element limit: typed failures, not crashes.
        let memory = WasmBinary.module(types: [WasmBinary.functionType([], [i32])], functions: [0],
                                       bodies: [WasmBinary.body([0x3F, 0x00, 0x0B])],
                                       memory: [0x00] + WasmBinary.uleb(65536))
        let memoryResult = outcome(memory)
        XCTAssertTrue(memoryResult.hasPrefix("instantiation failed") || memoryResult == "results: [i32:65536]",
                      memoryResult)
        let table = WasmBinary.module(types: [WasmBinary.functionType([], [i32])], functions: [0],
                                      bodies: [WasmBinary.body([0xFC, 0x10, 0x00, 0x0B])],
                                      table: [0x70, 0x00] + WasmBinary.uleb(0xFFFF_FFFF))
        let tableResult = outcome(table)
        XCTAssertTrue(tableResult.hasPrefix("instantiation failed"), tableResult)
    }

    func testMemoryGrowBeyondTheStoreCap() {
        // memory.grow by 65,535 pages from 1: beyond the 1,024-page store cap, so -1.
        let bytes = WasmBinary.module(types: [WasmBinary.functionType([], [i32])], functions: [0],
                                      bodies: [WasmBinary.body([0x41] + WasmBinary.sleb(65535) + [0x40, 0x00, 0x0B])],
                                      memory: [0x00, 0x01])
        XCTAssertEqual(outcome(bytes), "results: [i32:-1]")
    }

    func testTableGrowByHugeDelta() {
        // table.grow by 2^31 elements: beyond the implementation's limit, so -1 (and no allocation attempt).
        let bytes = WasmBinary.module(
            types: [WasmBinary.functionType([], [i32])], functions: [0],
            bodies: [WasmBinary.body([0xD0, 0x70, 0x41] + WasmBinary.sleb(Int64(Int32.min)) + [0xFC, 0x0F, 0x00, 0x0B])],
            table: [0x70, 0x00, 0x00])
        XCTAssertEqual(outcome(bytes), "results: [i32:-1]")
    }
}
