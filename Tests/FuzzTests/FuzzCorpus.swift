import Foundation

/// A corpus directory made by `Scripts/fuzz/generate.py` (run as a child process, so that `swift test` alone
/// runs everything), or an existing one named by `WASMVM_FUZZ_CORPUS` (to replay a failure).
struct FuzzCorpus {
    struct GenerationFailed: Error, CustomStringConvertible {
        var description: String
    }

    let directory: URL
    let manifest: FuzzManifest
    /// Whether this run made the directory (and may delete it when everything passed).
    let generated: Bool

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Reuses `WASMVM_FUZZ_CORPUS` if it holds a manifest, else generates `smith` + `mutations` cases there
    /// (or in a fresh temporary directory).
    static func prepare(smith: Int, mutations: Int, seed: Int) throws -> FuzzCorpus {
        let environment = ProcessInfo.processInfo.environment
        let directory: URL
        if let path = environment["WASMVM_FUZZ_CORPUS"], !path.isEmpty {
            directory = URL(fileURLWithPath: path)
            if let manifest = try? loadManifest(directory) {
                return FuzzCorpus(directory: directory, manifest: manifest, generated: false)
            }
        } else {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("wasmvm-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        }
        let script = repositoryRoot.appendingPathComponent("Scripts/fuzz/generate.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--out", directory.path, "--smith", String(smith),
                             "--mutations", String(mutations), "--seed", String(seed)]
        if let fuel = environment["WASMVM_FUZZ_REFERENCE_FUEL"] { process.arguments! += ["--fuel", fuel] }
        // The spec suite, found as SpecTests finds it: $WASM_TESTSUITE, or ../shared/wasm-testsuite next to the
        // package root.
        let testsuite = environment["WASM_TESTSUITE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? repositoryRoot.appendingPathComponent("../shared/wasm-testsuite").standardizedFileURL.path
        process.arguments! += ["--testsuite", testsuite]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GenerationFailed(description: "Scripts/fuzz/generate.py exited with \(process.terminationStatus); "
                + "it needs python3 with the wasmtime package, wasm-tools and wast2json (Scripts/setup.sh)")
        }
        return FuzzCorpus(directory: directory, manifest: try loadManifest(directory), generated: true)
    }

    private static func loadManifest(_ directory: URL) throws -> FuzzManifest {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(FuzzManifest.self, from: data)
    }

    func loadCase(_ name: String) throws -> (FuzzCase, [UInt8]) {
        let json = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
        let fuzzCase = try JSONDecoder().decode(FuzzCase.self, from: json)
        let bytes = try Data(contentsOf: directory.appendingPathComponent(fuzzCase.file))
        return (fuzzCase, Array(bytes))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
