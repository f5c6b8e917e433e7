import ArgumentParser
import Foundation
import WastRunner

/// `wasmvm spec PATH...`: runs WebAssembly spec scripts and reports per file and in total.
struct SpecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec",
        abstract: "Run .wast spec scripts (files, or folders whose top-level .wast files are run).")

    @Argument(help: "The .wast files or folders.")
    var paths: [String]

    @Option(help: "Path of the wast2json tool (default: the one on PATH).")
    var wast2json: String?

    @Option(help: "How many failures to print per file.")
    var maxFailures: Int = 20

    func run() throws {
        let runner: WastRunner
        do { runner = try WastRunner(wast2json: wast2json) } catch {
            printError("wasmvm: \(error)")
            throw ExitCode.failure
        }
        var passed = 0, failed = 0, skipped = 0
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(path)  // a missing file is reported when it is run
                continue
            }
            do { files += try WastRunner.scripts(in: path) } catch {
                failed += 1
                print("\(path): error: \(error)")
            }
        }

        for file in files {
            do {
                let result = try runner.run(file: file)
                passed += result.passed
                failed += result.failed
                skipped += result.skipped
                print(result)
                for failure in result.failures.prefix(maxFailures) { print("  \(failure)") }
                if result.failures.count > maxFailures {
                    print("  ... and \(result.failures.count - maxFailures) more failures")
                }
            } catch {
                // A file that cannot be run at all counts as one failure.
                failed += 1
                print("\((file as NSString).lastPathComponent): error: \(error)")
            }
            fflush(nil)  // show progress per file even when output is piped
        }
        print("\(passed) passed, \(failed) failed, \(skipped) skipped")
        if failed > 0 || skipped > 0 { throw ExitCode.failure }
    }
}
