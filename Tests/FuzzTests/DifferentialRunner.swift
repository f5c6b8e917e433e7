import WasmVM

/// Runs one corpus module through WasmVM the way the reference run went, and tallies how the two compare.
struct DifferentialRunner {
    /// WasmVM fuel per call. WasmVM counts taken branches and calls, wasmtime roughly instructions, so the two
    /// budgets are only loosely related; a call where either runs out is inconclusive, not compared.
    var fuel: UInt64
    var memoryPageLimit: Int
    /// A wall-clock bound per call, as a hang detector: hitting it means fuel is not being charged somewhere.
    var callTimeLimit: Duration = .seconds(20)

    func run(_ fuzzCase: FuzzCase, bytes: [UInt8], into tally: inout FuzzTally) {
        let label = "\(fuzzCase.file) [\(fuzzCase.origin)]"
        let module: Module
        do {
            module = try Module(bytes: bytes)
            guard fuzzCase.valid else {
                tally.validityMismatches.append("\(label): WasmVM accepts, wasm-tools rejects: \(fuzzCase.validatorMessage)")
                return
            }
            tally.validAgreed += 1
        } catch {
            if fuzzCase.valid {
                tally.validityMismatches.append("\(label): WasmVM rejects a valid module: \(error)")
            } else {
                tally.invalidAgreed += 1
            }
            return
        }
        guard let reference = fuzzCase.run, !fuzzCase.hasImports else { return }

        let store = Store()
        store.memoryPageLimit = memoryPageLimit
        store.fuel = fuel
        store.deadline = .now + callTimeLimit
        let instance: Instance
        do throws(InstantiationError) {
            instance = try store.instantiate(module)
        } catch {
            compareFailedInstantiation(error, reference.instantiation, label: label, into: &tally)
            return
        }
        guard reference.instantiation.kind == "ok" else {
            tally.instantiationMismatches.append(
                "\(label): WasmVM instantiates, wasmtime: \(reference.instantiation.trap ?? reference.instantiation.message ?? "?")")
            return
        }
        tally.instantiated += 1

        var diverged = false
        for call in reference.calls {
            if call.outcome.kind == "skipped" { tally.callsSkipped += 1; continue }
            if diverged { tally.callsInconclusive += 1; continue }
            let arguments = call.args.compactMap(ReferenceMatching.argument)
            store.fuel = fuel
            store.deadline = .now + callTimeLimit
            let description = "\(label) call \"\(call.export)\"(\(call.args.map(\.description).joined(separator: ", ")))"
            do throws(Trap) {
                let results = try instance.call(call.export, arguments)
                switch call.outcome.kind {
                case "results" where ReferenceMatching.matches(results, call.outcome.values ?? []):
                    tally.callsWithEqualResults += 1
                case "trap" where ReferenceMatching.isBudgetTrap(call.outcome.trap ?? ""):
                    tally.callsInconclusive += 1
                    diverged = true
                default:
                    tally.callMismatches.append("\(description): WasmVM \(results), wasmtime \(render(call.outcome))")
                    diverged = true
                }
            } catch {
                if ReferenceMatching.isBudgetTrap(error.reason)
                    || (call.outcome.kind == "trap" && ReferenceMatching.isBudgetTrap(call.outcome.trap ?? "")) {
                    tally.callsInconclusive += 1
                    diverged = true
                } else if call.outcome.kind == "trap", ReferenceMatching.matches(error.reason, call.outcome.trap ?? "") {
                    tally.callsWithEqualTraps += 1
                } else {
                    tally.callMismatches.append("\(description): WasmVM trap \(error.reason), wasmtime \(render(call.outcome))")
                    diverged = true
                }
            }
        }
        if !diverged, fuzzCase.nanDeterministic, let expected = reference.state {
            compareState(instance, expected, label: label, into: &tally)
        }
    }

    private func compareFailedInstantiation(
        _ error: InstantiationError, _ expected: ReferenceOutcome, label: String, into tally: inout FuzzTally
    ) {
        switch (error, expected.kind) {
        case (.trapped(let trap), "trap") where ReferenceMatching.matches(trap.reason, expected.trap ?? ""):
            tally.instantiationTrapsMatched += 1
        case (.trapped(let trap), "trap") where ReferenceMatching.isBudgetTrap(trap.reason)
            || ReferenceMatching.isBudgetTrap(expected.trap ?? ""):
            tally.instantiationTrapsMatched += 1
        case (.resourceExhausted, "error"), (.unlinkable, "error"):
            tally.instantiationErrorsMatched += 1
        default:
            tally.instantiationMismatches.append("\(label): WasmVM instantiation failed: \(error); wasmtime: \(render(expected))")
        }
    }

    private func compareState(_ instance: Instance, _ expected: ExportedState, label: String, into tally: inout FuzzTally) {
        tally.statesCompared += 1
        var differences: [String] = []
        for global in expected.globals {
            guard let value = instance.exportedGlobal(global.export)?.value else {
                differences.append("global \"\(global.export)\" missing"); continue
            }
            if !ReferenceMatching.matches(value, global.value) {
                differences.append("global \"\(global.export)\": WasmVM \(value), wasmtime \(global.value)")
            }
        }
        for memory in expected.memories {
            guard let ours = instance.exportedMemory(memory.export) else {
                differences.append("memory \"\(memory.export)\" missing"); continue
            }
            let crc = ours.withUnsafeMutableBytes { CRC32.checksum(UnsafeRawBufferPointer($0)) }
            if ours.pageCount != memory.pages || crc != memory.crc32 {
                differences.append("memory \"\(memory.export)\": WasmVM \(ours.pageCount) pages crc \(crc), "
                    + "wasmtime \(memory.pages) pages crc \(memory.crc32)")
            }
        }
        for table in expected.tables {
            let count = instance.exportedTable(table.export)?.count
            if count != table.size {
                differences.append("table \"\(table.export)\": WasmVM size \(count.map(String.init) ?? "missing"), wasmtime \(table.size)")
            }
        }
        if differences.isEmpty {
            tally.statesEqual += 1
        } else {
            tally.stateMismatches.append("\(label): final state differs: \(differences.joined(separator: "; "))")
        }
    }

    private func render(_ outcome: ReferenceOutcome) -> String {
        switch outcome.kind {
        case "results": "results [\((outcome.values ?? []).map(\.description).joined(separator: ", "))]"
        case "trap": "trap \(outcome.trap ?? "?")"
        default: "\(outcome.kind) \(outcome.message ?? "")"
        }
    }
}
