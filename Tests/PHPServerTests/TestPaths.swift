import Foundation
import XCTest

/// Where the tests find the package, their fixtures and the applications Scripts/fetch-apps.sh unpacked.
enum TestPaths {
    /// The package root: this file is `Tests/PHPServerTests/TestPaths.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = packageRoot.appendingPathComponent("Tests/PHPServerTests/Fixtures")

    /// `${WASMVM_CACHE:-~/.cache/wasmvm}/apps/<name>-<version>`, as written by Scripts/fetch-apps.sh. Fails the
    /// test (never skips it) when the application has not been fetched: a missing app must not pass silently.
    static func application(_ name: String, version: String,
                            file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["WASMVM_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache/wasmvm")
        let directory = cache.appendingPathComponent("apps/\(name)-\(version)")
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(".complete").path) else {
            XCTFail("\(name) \(version) is not fetched (no \(directory.path)): run Scripts/fetch-apps.sh",
                    file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return directory
    }

    /// A fresh directory for one test run; the caller removes it.
    static func makeRunDirectory(_ label: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("php-server-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Copies `source` to `destination` and makes the copy writable by its owner (Debian ships the DokuWiki data
    /// directories as 0700 www-data; a test run may be another user).
    static func copyWritable(_ source: URL, to destination: URL) throws {
        try FileManager.default.copyItem(at: source, to: destination)
        let manager = FileManager.default
        for case let path as String in manager.enumerator(atPath: destination.path) ?? NSEnumerator() {
            let url = destination.appendingPathComponent(path)
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            try manager.setAttributes([.posixPermissions: isDirectory ? 0o755 : 0o644], ofItemAtPath: url.path)
        }
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: destination.path)
    }

    /// Runs a host tool and returns its standard output; fails on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaints = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HTTPClientError(description: "\(executable) \(arguments.joined(separator: " ")) exited with "
                                  + "\(process.terminationStatus): \(String(decoding: complaints, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
