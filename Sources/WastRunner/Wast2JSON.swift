import Foundation

/// Runs the `wast2json` tool (WABT) to turn a `.wast` script into JSON plus one `.wasm` file per module.
///
/// The engine reads only the binary format, so the conversion from the text format is delegated to WABT; each
/// run writes into its own fresh temporary directory, which ``convert(_:)``'s caller removes afterwards.
struct Wast2JSON {
    /// Path of the `wast2json` executable.
    let executable: String

    /// Uses `path` if given, else the first `wast2json` on `PATH`.
    init(path: String?) throws(WastRunnerError) {
        if let path {
            executable = path
            return
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/wast2json"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                executable = candidate
                return
            }
        }
        throw .toolNotFound("wast2json not found on PATH")
    }

    /// Converts `wastFile` into `directory`; returns the path of the JSON file.
    func convert(_ wastFile: String, into directory: URL) throws(WastRunnerError) -> URL {
        let json = directory.appendingPathComponent("script.json")
        let errorLog = directory.appendingPathComponent("wast2json.stderr")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [wastFile, "-o", json.path]
        // Diagnostics go to a file, not a pipe: a pipe nobody drains while waiting could fill up and block.
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        do {
            let errorHandle = try FileHandle(forWritingTo: errorLog)
            defer { try? errorHandle.close() }
            process.standardError = errorHandle
            process.standardOutput = errorHandle
            try process.run()
            process.waitUntilExit()
        } catch {
            throw .conversionFailed(file: wastFile, "cannot run \(executable): \(error)")
        }
        guard process.terminationStatus == 0 else {
            let diagnostics = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw .conversionFailed(file: wastFile,
                                    "wast2json exited with status \(process.terminationStatus): \(diagnostics)")
        }
        return json
    }
}
