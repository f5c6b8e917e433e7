import Foundation
import WastRunner
import XCTest

/// The project's own .wast scripts (`Tests/SpecTests/Wast`): cases the spec suite does not reach, such as the
/// edge cases of the translator's fused instructions. They run like spec scripts and must pass completely.
final class ProjectWastTests: XCTestCase {
    func testProjectScripts() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Wast").path
        let scripts = try WastRunner.scripts(in: directory)
        XCTAssertFalse(scripts.isEmpty, "no .wast files in \(directory)")
        let runner = try WastRunner()
        for path in scripts {
            let result = try runner.run(file: path)
            print(result)
            XCTAssertGreaterThan(result.passed, 20, "\(path): too few commands ran")
            XCTAssertTrue(result.succeeded, "\(result)\n" + result.failures.map { "  \($0)" }.joined(separator: "\n"))
        }
    }
}
