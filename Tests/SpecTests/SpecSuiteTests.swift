import XCTest

/// Runs every top-level script of the WebAssembly 2.0 spec test suite, in alphabetical groups so progress is
/// visible and a failing area is easy to spot. The groups partition the suite (``testGroupsCoverTheSuite``).
final class SpecSuiteTests: XCTestCase {
    static let groups: [(name: String, belongs: @Sendable (String) -> Bool)] = [
        ("a-e", { !$0.hasPrefix("simd_") && $0 < "f" }),
        ("f-h", { !$0.hasPrefix("simd_") && $0 >= "f" && $0 < "i" }),
        ("i-l", { !$0.hasPrefix("simd_") && $0 >= "i" && $0 < "m" }),
        ("m-r", { !$0.hasPrefix("simd_") && $0 >= "m" && $0 < "s" }),
        ("s-z", { !$0.hasPrefix("simd_") && $0 >= "s" }),
        ("simd_a-h", { $0.hasPrefix("simd_") && $0 < "simd_i" }),
        ("simd_i-z", { $0.hasPrefix("simd_") && $0 >= "simd_i" }),
    ]

    private func run(_ name: String) throws {
        let group = try XCTUnwrap(Self.groups.first { $0.name == name })
        try SpecSuite.run(name, where: group.belongs)
    }

    func testSpecA_E() throws { try run("a-e") }
    func testSpecF_H() throws { try run("f-h") }
    func testSpecI_L() throws { try run("i-l") }
    func testSpecM_R() throws { try run("m-r") }
    func testSpecS_Z() throws { try run("s-z") }
    func testSpecSIMD_A_H() throws { try run("simd_a-h") }
    func testSpecSIMD_I_Z() throws { try run("simd_i-z") }

    /// Every script belongs to exactly one group, so no file is silently left out.
    func testGroupsCoverTheSuite() throws {
        let scripts = try SpecSuite.scripts()
        XCTAssertGreaterThan(scripts.count, 100, "spec suite not found at \(SpecSuite.directory)")
        for script in scripts {
            let owners = Self.groups.filter { $0.belongs(script) }.map(\.name)
            XCTAssertEqual(owners.count, 1, "\(script) is in groups \(owners)")
        }
    }
}
