import CGIBridge
import WasmVM
import XCTest

/// mod_wasm's WasmEntryPoint for cold runs: a reactor's export serves the request instead of `_start`.
final class CGIEntryPointTests: XCTestCase {
    func testColdRunStartsAtTheConfiguredExport() throws {
        let log = LogRecorder()
        var configuration = CGIConfiguration(environment: [("GREETING", "unused")], log: log.sink)
        configuration.entryPoint = "wasmvm_handle"
        let application = CGIApplication(module: try CGIWarmTests.module(), configuration: configuration)

        let response = application.handle(CGIRequest(method: "POST", uri: "/?cold", body: Array("abc".utf8)))
        XCTAssertEqual(response.status, 200, log.text)
        XCTAssertEqual(response.header("X-Method"), "POST")
        // wasmvm_init never ran: the start-up greeting is empty and this is the instance's first request.
        XCTAssertTrue(response.text.hasPrefix("greeting= note="), response.text)
        XCTAssertTrue(response.text.hasSuffix("seen=1 previous=(none) query=cold body=abc\n"), response.text)
    }

    func testMissingEntryPointIsA500WithALogLine() throws {
        let log = LogRecorder()
        var configuration = CGIConfiguration(log: log.sink)
        configuration.entryPoint = "no_such_export"
        let application = CGIApplication(module: try CGIWarmTests.module(), configuration: configuration)

        let response = application.handle(CGIRequest(method: "GET", uri: "/"))
        XCTAssertEqual(response.status, 500)
        XCTAssertTrue(log.text.contains("no_such_export"), log.text)
    }
}
