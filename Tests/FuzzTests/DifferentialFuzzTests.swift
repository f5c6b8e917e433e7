import Foundation
import WasmVM
import XCTest

/// No crash on any input, and the same answers as wasmtime: random modules from `wasm-tools smith` and
/// byte-mutated spec binaries go through decode/validate (verdicts compared with `wasm-tools validate`), and the
/// valid ones are instantiated and their exports called under a fuel bound (results and traps compared with
/// wasmtime). See Docs/Fuzzing.md.
///
/// Sizes: `WASMVM_FUZZ_SMITH` / `WASMVM_FUZZ_MUTATIONS` (default 500 / 1500), or `WASMVM_FUZZ_COUNT` for a total
/// split 3:7; `WASMVM_FUZZ_SEED` picks another corpus; `WASMVM_FUZZ_CORPUS` reuses (or keeps) a corpus directory;
/// `WASMVM_FUZZ_SKIP` lists case names to step over (known crashers, while looking for more).
final class DifferentialFuzzTests: XCTestCase {
    func testCorpusMatchesReferenceEngines() throws {
        let environment = ProcessInfo.processInfo.environment
        var smith = 500
        var mutations = 1500
        if let total = environment["WASMVM_FUZZ_COUNT"].flatMap(Int.init) {
            smith = total * 3 / 10
            mutations = total - smith
        }
        smith = environment["WASMVM_FUZZ_SMITH"].flatMap(Int.init) ?? smith
        mutations = environment["WASMVM_FUZZ_MUTATIONS"].flatMap(Int.init) ?? mutations
        let seed = environment["WASMVM_FUZZ_SEED"].flatMap(Int.init) ?? 1

        let started = ContinuousClock.now
        let corpus = try FuzzCorpus.prepare(smith: smith, mutations: mutations, seed: seed)
        let generated = ContinuousClock.now
        let runner = DifferentialRunner(
            fuel: environment["WASMVM_FUZZ_VM_FUEL"].flatMap(UInt64.init) ?? corpus.manifest.fuel / 10,
            memoryPageLimit: corpus.manifest.memoryPages)

        // Known crashers to step over while hunting for more (comma-separated case names).
        let skipped = Set((environment["WASMVM_FUZZ_SKIP"] ?? "").split(separator: ",").map(String.init))
        var tally = FuzzTally()
        for name in corpus.manifest.cases where !skipped.contains(name) {
            // A crash kills the test process: the last name printed is the culprit.
            print("fuzz: \(corpus.directory.path)/\(name).wasm")
            fflush(nil)  // all streams: `stdout` itself is not concurrency-safe to name in Swift 6
            let (fuzzCase, bytes) = try corpus.loadCase(name)
            tally.modules += 1
            if name.hasPrefix("smith") { tally.smithModules += 1 } else { tally.mutantModules += 1 }
            runner.run(fuzzCase, bytes: bytes, into: &tally)
        }
        let finished = ContinuousClock.now
        print("""
            fuzz summary (seed \(corpus.manifest.seed), corpus \(corpus.directory.path)):
            \(tally)
            lost in generation: \(corpus.manifest.lost.count)
            time: generation \(generated - started), WasmVM \(finished - generated)
            """)
        for line in tally.validityMismatches + tally.instantiationMismatches + tally.callMismatches
            + tally.stateMismatches {
            print("fuzz mismatch: \(line)")
        }
        if !corpus.manifest.lost.isEmpty {
            // The reference side failed on these (its worker died); nothing is known about WasmVM on them.
            print("fuzz: \(corpus.manifest.lost.count) cases lost in generation: \(corpus.manifest.lost.prefix(20))")
        }
        XCTAssertEqual(tally.mismatchCount, 0, "mismatches with the reference engines (listed above)")
        if tally.mismatchCount == 0, corpus.generated, environment["WASMVM_FUZZ_CORPUS"] == nil {
            corpus.remove()
        }
    }
}
