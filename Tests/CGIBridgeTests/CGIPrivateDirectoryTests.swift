import CGIBridge
import Foundation
import WASI
import WasmVM
import XCTest

/// `privateDirectories`: every run gets its own empty /tmp, cold and warm, and nothing is left on the host.
final class CGIPrivateDirectoryTests: XCTestCase {
    /// Reports whether /tmp/marker existed, then writes it (plus a nested directory and a symbolic link to the
    /// host's /etc, which the cleanup must remove without following).
    static let body = #"""
    #include <stdio.h>
    #include <string.h>
    #include <sys/stat.h>
    #include <unistd.h>

    static int serve(void) {
        struct stat info;
        int existed = stat("/tmp/marker", &info) == 0;
        FILE *file = fopen("/tmp/marker", "w");
        int written = file && fputs("left behind", file) >= 0;
        if (file) fclose(file);
        mkdir("/tmp/nested", 0700);
        FILE *deep = fopen("/tmp/nested/deep.txt", "w");
        if (deep) { fputs("deep", deep); fclose(deep); }
        int linked = symlink("../../../../../../etc", "/tmp/nested/link") == 0;
        printf("Content-Type: text/plain\n\nexisted=%d written=%d linked=%d\n", existed, written, linked);
        fflush(stdout);
        return 0;
    }
    """#
    static let commandSource = body + "\nint main(void) { return serve(); }\n"
    static let reactorSource = body + #"""
    __attribute__((export_name("wasmvm_init"))) int wasmvm_init(void) { return 0; }
    __attribute__((export_name("wasmvm_handle"))) int wasmvm_handle(void) { return serve(); }
    """#

    var parent: URL!

    override func setUpWithError() throws {
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("cgi-private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let parent { try? FileManager.default.removeItem(at: parent) }
    }

    func configuration(_ log: LogRecorder) -> CGIConfiguration {
        CGIConfiguration(log: log.sink, privateDirectories: [CGIPrivateDirectory(hostParent: parent.path, guestPath: "/tmp")])
    }

    func check(_ application: CGIApplication, _ log: LogRecorder) throws {
        for _ in 0..<2 {
            let response = application.handle(CGIRequest(method: "GET", uri: "/"))
            XCTAssertEqual(response.status, 200, log.text)
            XCTAssertEqual(response.text, "existed=0 written=1 linked=1\n", "each run starts with an empty /tmp")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), [],
                           "the run's directory is removed with everything in it")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: "/etc/passwd"), "the planted link was not followed")
    }

    func testColdRunsGetTheirOwnTemporaryDirectory() throws {
        let log = LogRecorder()
        let module = try CGIGuest.module(named: "private_tmp", source: Self.commandSource)
        try check(CGIApplication(module: module, configuration: configuration(log)), log)
    }

    func testWarmRunsGetTheirOwnTemporaryDirectory() throws {
        let log = LogRecorder()
        let module = try CGIGuest.module(named: "private_tmp_reactor", source: Self.reactorSource,
                                         flags: ["-mexec-model=reactor"])
        let application = try CGIApplication.warm(module: module, configuration: configuration(log))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), [],
                       "the start-up's directory is removed too")
        try check(application, log)
    }

    func testMissingParentIs500() throws {
        let log = LogRecorder()
        var configuration = configuration(log)
        configuration.privateDirectories = [CGIPrivateDirectory(hostParent: parent.path + "/absent", guestPath: "/tmp")]
        let module = try CGIGuest.module(named: "private_tmp", source: Self.commandSource)
        let response = CGIApplication(module: module, configuration: configuration).handle(CGIRequest(method: "GET", uri: "/"))
        XCTAssertEqual(response.status, 500)
        XCTAssertTrue(log.text.contains("cannot create a private directory for /tmp in \(parent.path)/absent"), log.text)
    }
}
