import Foundation
import WasmVM
import XCTest

/// ``Store/memoryPageLimit`` applies to restored instances as to instantiated ones: a captured memory above the
/// limit is refused, and `memory.grow` stops at the limit.
final class MemoryPageLimitTests: XCTestCase {
    /// A snapshot of the stateful module with its memory grown to 3 pages.
    private func threePageTemplate() throws -> SnapshotTemplate {
        let module = try compileWat(statefulModuleText)
        let live = try Store().instantiate(module, imports: TickRecorder().imports)
        XCTAssertEqual(try live.i32("grow", [.i32(2)]), 1)
        return try SnapshotTemplate(try live.snapshot(), module: module)
    }

    func testRestoredMemoryAboveTheLimitIsRefused() throws {
        let template = try threePageTemplate()
        let store = Store()
        store.memoryPageLimit = 2
        XCTAssertThrowsError(try store.restore(template, imports: TickRecorder().imports)) { error in
            XCTAssertEqual(error as? SnapshotError, .memoryLimitExceeded(memoryIndex: 0, pages: 3, limit: 2))
            XCTAssertTrue("\(error)".contains("memoryPageLimit of 2 pages"), "\(error)")
        }
        // At the limit exactly is fine.
        store.memoryPageLimit = 3
        let restored = try store.restore(template, imports: TickRecorder().imports)
        XCTAssertEqual(try restored.i32("size"), 3)
    }

    func testGrowingARestoredMemoryStopsAtTheLimitAsForAnInstantiatedOne() throws {
        let template = try threePageTemplate()
        let store = Store()
        store.memoryPageLimit = 5
        let restored = try store.restore(template, imports: TickRecorder().imports)
        let instantiated = try store.instantiate(template.module, imports: TickRecorder().imports)
        XCTAssertEqual(try instantiated.i32("grow", [.i32(4)]), 1)
        XCTAssertEqual(try instantiated.i32("grow", [.i32(1)]), -1)
        XCTAssertEqual(try restored.i32("grow", [.i32(3)]), -1, "3 + 3 pages would pass the limit")
        XCTAssertEqual(try restored.i32("grow", [.i32(2)]), 3)
        XCTAssertEqual(try restored.i32("grow", [.i32(1)]), -1)
        XCTAssertEqual(try restored.i32("size"), 5)
        // Lifting the limit lets it grow again, up to the module's own maximum.
        store.memoryPageLimit = nil
        XCTAssertEqual(try restored.i32("grow", [.i32(1)]), 5)
    }
}
