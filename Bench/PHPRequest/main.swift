// php-request-bench: per-request time of one PHP request, in-process, for issue 5: snapshot-warm vs cold (PHP's
// whole start-up per request, mod_wasm's model) vs Debian's native php-cgi spawned per request. Prints Markdown.
// A benchmark, not a test: medians of interleaved runs, on whatever machine it is run on.
import Foundation
import WasmVM

func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "?"
}
func format(_ milliseconds: Double) -> String {
    milliseconds.isNaN ? "–" : milliseconds >= 10 ? String(format: "%.1f", milliseconds) : String(format: "%.2f", milliseconds)
}
func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
}
func loadModule(_ path: String) -> Result<(Module, Duration), ModuleLoadFailure> {
    guard let data = FileManager.default.contents(atPath: path) else {
        return .failure(ModuleLoadFailure(message: "cannot read \(path)"))
    }
    do {
        let (module, time) = try measure { try Module(bytes: Array(data)) }
        return .success((module, time))
    } catch {
        return .failure(ModuleLoadFailure(message: "\(path): \(error)"))
    }
}
struct ModuleLoadFailure: Error { var message: String }

/// The whole run; a function rather than top-level code so its state is local, not main-actor globals.
func runBenchmark(_ options: BenchOptions) {
    let scripts: BenchScripts
    do { scripts = try BenchScripts() } catch {
        say("php-request-bench: cannot write the scripts: \(error)")
        exit(1)
    }
    defer { scripts.remove() }
    let loadBefore = loadAverage()

    // Modes: each is checked once per script (status 200, the expected body) before any timing; that first run is
    // also the warm-up (lazy translation for the Wasm modes, page cache for native).
    var modes: [any RequestMode] = []
    var notes: [String] = []
    switch loadModule(options.coldModule) {
    case .success(let (module, time)):
        notes.append("php-cgi.wasm decoded and validated once in \(format(milliseconds(time))) ms (outside the timings, as a server does at start)")
        modes.append(ColdMode(module: module, documentRoot: scripts.documentRoot))
    case .failure(let failure):
        notes.append("cold: not measured: \(failure.message)")
    }
    var warmMode: WarmMode?
    switch WarmMode.make(modulePath: options.warmModule, documentRoot: scripts.documentRoot) {
    case .success(let mode):
        warmMode = mode
        modes.append(mode)
        notes.append("warm: PHP's start-up + snapshot once in \(format(milliseconds(mode.startUp))) ms (outside the timings)")
    case .failure(let unavailable):
        notes.append("warm: not measured: \(unavailable.reason)")
    }
    if access(options.nativeCGI, X_OK) == 0 {
        modes.append(NativeMode(executable: options.nativeCGI, documentRoot: scripts.documentRoot))
    } else {
        notes.append("native: not measured: \(options.nativeCGI) is missing (apt-get install php8.2-cgi)")
    }

    modes = modes.filter { mode in
        for script in BenchScripts.sources {
            let outcome = mode.run(script: script.name)
            let (status, body) = (outcome.status, outcome.body)
            if status != 200 || body != Array(script.expectedBody.utf8) {
                notes.append("\(mode.name): dropped: \(script.name) answered \(status) \"\(String(decoding: body.prefix(200), as: UTF8.self))\"")
                return false
            }
        }
        return true
    }
    if !modes.contains(where: { $0 is WarmMode }) { warmMode = nil }

    // Interleaved rounds: every mode runs every script in each round (the fast modes several times).
    var samples: [String: Samples] = [:]
    let names = BenchScripts.sources.map(\.name)
    say("php-request-bench: \(options.rounds) rounds of \(modes.map(\.name).joined(separator: ", "))")
    for round in 0..<options.rounds {
        for script in names {
            for mode in modes {
                let repeats = mode is ColdMode ? 1 : options.fastRepeat
                for _ in 0..<repeats {
                    let cpuBefore = threadCPUTime()
                    let (outcome, time) = measure { mode.run(script: script) }
                    let cpu = threadCPUTime() - cpuBefore + outcome.childCPU
                    if outcome.status == 200 {
                        samples["\(mode.name)|\(script)", default: Samples()].add(time)
                        samples["cpu:\(mode.name)|\(script)", default: Samples()].add(cpu)
                    }
                }
            }
        }
        if let warmMode {
            for _ in 0..<options.fastRepeat {
                let cpuBefore = threadCPUTime()
                let (ok, time) = measure { warmMode.restoreOnly() }
                if ok {
                    samples["restore|-", default: Samples()].add(time)
                    samples["cpu:restore|-", default: Samples()].add(threadCPUTime() - cpuBefore)
                }
            }
        }
        if round % 10 == 9 { say("  round \(round + 1) done") }
    }
    let loadAfter = loadAverage()

    func median(_ mode: String, _ script: String) -> Double { samples["\(mode)|\(script)"]?.median ?? .nan }
    func ratio(_ a: Double, _ b: Double) -> String { a.isNaN || b.isNaN ? "–" : String(format: "%.1f×", a / b) }

    let cold = "cold (wasm)", warm = "warm (wasm)", native = "native php-cgi"
    /// One row per script; wall and CPU time share the columns, `keyPrefix` picks which samples ("" or "cpu:").
    func printModeTable(keyPrefix: String) {
        print("| script | cold (wasm) | warm (wasm) | native php-cgi | cold / warm | native / warm | cold / native |")
        print("|---|---|---|---|---|---|---|")
        for script in names {
            func cell(_ mode: String) -> String {
                guard let s = samples["\(keyPrefix)\(mode)|\(script)"], s.count > 0 else { return "–" }
                return "\(format(s.median)) (\(format(s.p90)))"
            }
            func modeRatio(_ a: String, _ b: String) -> String {
                ratio(median(keyPrefix + a, script), median(keyPrefix + b, script))
            }
            print("| `\(script)` | \(cell(cold)) | \(cell(warm)) | \(cell(native)) | "
                  + "\(modeRatio(cold, warm)) | \(modeRatio(native, warm)) | \(modeRatio(cold, native)) |")
        }
    }

    print("## Per-request time (ms, median; p90 in parentheses)\n")
    print("Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadBefore) before, \(loadAfter) after.")
    print("\(options.rounds) interleaved rounds; cold runs once per round, warm and native \(options.fastRepeat)× per round.\n")
    printModeTable(keyPrefix: "")

    print("\n## CPU time per request (ms, median; p90 in parentheses)\n")
    print("User + system CPU: the calling thread's for the in-process modes, plus the child's (wait4) for native php-cgi. "
          + "Unlike wall time it does not grow when other processes take the cores.\n")
    printModeTable(keyPrefix: "cpu:")

    // The script's own run, and what each mode adds to it.
    print("\n## The script's own run (µs per include inside a started PHP, loop overhead subtracted; median of \(ScriptOwnCost.repetitions) runs of \(ScriptOwnCost.iterations) includes)\n")
    print("| script | php.wasm on WasmVM | native php CLI |")
    print("|---|---|---|")
    var ownWasm: [String: Double] = [:]
    let cliModule = try? loadModule(options.cliModule).get().0
    for script in ["empty.php", "echo1.php"] {
        var cells: [String] = []
        if let cliModule {
            switch ScriptOwnCost.median({ ScriptOwnCost.wasm(cliModule: cliModule, documentRoot: scripts.documentRoot, script: script) }) {
            case .success(let us): ownWasm[script] = us; cells.append(String(format: "%.1f", us))
            case .failure(let failure): cells.append("–"); notes.append("script cost (wasm): \(failure.message)")
            }
        } else {
            cells.append("–")
        }
        if access(options.nativeCLI, X_OK) == 0 {
            switch ScriptOwnCost.median({ ScriptOwnCost.native(php: options.nativeCLI, documentRoot: scripts.documentRoot, script: script) }) {
            case .success(let us): cells.append(String(format: "%.1f", us))
            case .failure(let failure): cells.append("–"); notes.append("script cost (native): \(failure.message)")
            }
        } else {
            cells.append("–")
        }
        print("| `\(script)` | \(cells.joined(separator: " | ")) |")
    }

    // What a request adds to the script's own run; for warm, split into the host's restore and the guest's work.
    let own = (ownWasm["echo1.php"] ?? .nan) / 1000
    let coldEcho = median(cold, "echo1.php"), warmEcho = median(warm, "echo1.php")
    let restore = samples["restore|-"]?.median ?? .nan
    let warmCPU = median("cpu:" + warm, "echo1.php"), restoreCPU = samples["cpu:restore|-"]?.median ?? .nan
    let coldCPU = median("cpu:" + cold, "echo1.php")
    let ownText = String(format: "%.3f", own)
    print("\n## Where the time of one `<?php echo 1;` request goes (ms, medians; wall, and CPU in parentheses)\n")
    print("| part | cold (wasm) | warm (wasm) |")
    print("|---|---|---|")
    print("| whole request (`CGIApplication.handle`) | \(format(coldEcho)) (\(format(coldCPU))) | \(format(warmEcho)) (\(format(warmCPU))) |")
    print("| host side of warm start: snapshot restore + WASI context | – | \(format(restore)) (\(format(restoreCPU))) |")
    print("| the guest's request (PHP request start-up, script, shutdown) + CGI glue | – | \(format(warmEcho - restore)) (\(format(warmCPU - restoreCPU))) |")
    print("| the script's own run (compile + execute, php.wasm loop above) | \(ownText) | \(ownText) |")
    print("| **added to the script's own run** (whole request − script's own run) | \(format(coldEcho - own)) (\(format(coldCPU - own))) | \(format(warmEcho - own)) (\(format(warmCPU - own))) |")
    func verdict(_ met: Bool) -> String { met ? "met" : "not met" }
    print("\nGoal (issue 5): warm adds < 1 ms to the script's own run: "
          + (warmEcho.isNaN ? "not measured"
             : "\(verdict(warmEcho - own < 1)) (\(format(warmEcho - own)) ms wall, \(format(warmCPU - own)) ms CPU)")
          + "; warm ≥ 10× faster than cold: "
          + (warmEcho.isNaN ? "not measured"
             : "\(verdict(coldEcho / warmEcho >= 10 && coldCPU / warmCPU >= 10)) (\(ratio(coldEcho, warmEcho)) wall, \(ratio(coldCPU, warmCPU)) CPU)")
          + ".")

    if !notes.isEmpty {
        print("\nNotes:")
        for note in notes { print("- \(note)") }
    }
}

guard let options = BenchOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
    FileHandle.standardError.write(Data((BenchOptions.usage + "\n").utf8))
    exit(2)
}

runBenchmark(options)
