import Foundation
import XCTest

/// A test that starts php-server in a run directory of its own: both are torn down after each test, whatever
/// the test's outcome, so a failing test never leaves a server or files behind.
class PHPServerTestCase: XCTestCase {
    var server: PHPServerProcess?
    var run: URL?

    override func tearDown() {
        server?.stop()
        if let run { try? FileManager.default.removeItem(at: run) }
        super.tearDown()
    }
}
