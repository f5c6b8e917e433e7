import Foundation
import WasmVM

/// The state of one script run: its store, the modules it has instantiated, and the names registered for import.
///
/// Every file runs in a fresh session (and so a fresh ``Store``), so one file's instances, registrations and
/// leftovers from traps cannot influence another file.
final class ScriptSession {
    /// Where wast2json wrote the script's module binaries.
    let directory: URL
    let store = Store()
    /// The spectest module plus every module registered so far.
    var imports = Imports()
    /// The most recently instantiated module, which actions without a module name refer to.
    var current: InstanceSlot?
    /// Instances by their `$name`.
    var named: [String: InstanceSlot] = [:]
    var result: WastFileResult

    /// - Parameter snapshotBeforeEachAction: see ``WastRunner/snapshotBeforeEachAction``.
    init(file: String, directory: URL, snapshotBeforeEachAction: Bool = false) throws(WastRunnerError) {
        self.directory = directory
        result = WastFileResult(file: file)
        if snapshotBeforeEachAction { result.snapshotRoundTrips = SnapshotRoundTripCounts() }
        do { try SpectestModule.define(in: &imports, store: store) }
        catch { throw .unreadableScript(file: file, "cannot create the spectest module: \(error)") }
    }

    /// Runs one command and records its outcome.
    func execute(_ command: WastCommand) {
        do {
            switch try outcome(of: command) {
            case .passed: result.passed += 1
            case .notApplicable: result.notApplicable += 1
            }
        } catch {
            result.failures.append(WastFailure(line: command.line, command: label(command), message: error.message))
        }
    }

    enum Outcome { case passed, notApplicable }

    private func outcome(of command: WastCommand) throws(CommandFailure) -> Outcome {
        switch command.type {
        case "module":
            try instantiateModule(command)
        case "register":
            try register(command)
        case "action":
            if case .trap(let trap) = try perform(command.action) { throw CommandFailure("unexpected \(trap)") }
        case "assert_return":
            try assertReturn(command)
        case "assert_trap" where command.action == nil && command.filename != nil:
            // A module whose instantiation traps (wast2json writes these as assert_uninstantiable; accept both).
            try assertUninstantiable(command)
        case "assert_trap", "assert_exhaustion":
            try assertTrap(command)
        case "assert_malformed", "assert_invalid":
            // A `module quote` tests the text parser, which a binary-only engine does not have.
            if command.moduleType == "text" { return .notApplicable }
            try assertRejected(command)
        case "assert_unlinkable":
            try assertUnlinkable(command)
        case "assert_uninstantiable":
            try assertUninstantiable(command)
        default:
            throw CommandFailure("unsupported command type \"\(command.type)\"")
        }
        return .passed
    }

    // MARK: Modules

    private func instantiateModule(_ command: WastCommand) throws(CommandFailure) {
        // A module that fails leaves no current module behind: later actions on it fail visibly instead of
        // silently running against an older module.
        current = nil
        if let name = command.name { named[name] = nil }
        let module = try loadModule(command)
        let instance: Instance
        do { instance = try store.instantiate(module, imports: imports) }
        catch { throw CommandFailure("instantiation failed: \(error)") }
        let slot = InstanceSlot(instance)
        current = slot
        if let name = command.name { named[name] = slot }
    }

    private func register(_ command: WastCommand) throws(CommandFailure) {
        guard let registerAs = command.registerAs else { throw CommandFailure("register without \"as\"") }
        let slot = try resolveSlot(command.name)
        try roundTripThroughSnapshot(slot)
        slot.isRegistered = true
        imports.define(module: registerAs, exportsOf: slot.instance)
    }

    /// Reads and compiles the command's module binary; a decoding or validation error is a failure.
    private func loadModule(_ command: WastCommand) throws(CommandFailure) -> Module {
        do { return try Module(bytes: try moduleBytes(command)) }
        catch { throw CommandFailure("module rejected: \(error)") }
    }

    private func moduleBytes(_ command: WastCommand) throws(CommandFailure) -> [UInt8] {
        guard let filename = command.filename else { throw CommandFailure("command has no module file") }
        if command.moduleType == "text" { throw CommandFailure("text-format module \(filename) cannot be loaded") }
        let path = directory.appendingPathComponent(filename).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("module file \(filename) missing")
        }
        return [UInt8](data)
    }

    private func resolveSlot(_ name: String?) throws(CommandFailure) -> InstanceSlot {
        if let name {
            guard let slot = named[name] else { throw CommandFailure("no instantiated module named \(name)") }
            return slot
        }
        guard let current else { throw CommandFailure("no module instantiated") }
        return current
    }

    // MARK: Module assertions

    /// assert_malformed / assert_invalid of a binary module: decoding (malformed) or validation (invalid) must
    /// reject it, and with the right kind of error.
    private func assertRejected(_ command: WastCommand) throws(CommandFailure) {
        let wantsMalformed = command.type == "assert_malformed"
        let expected = "\(wantsMalformed ? "malformed" : "invalid") (\(command.text ?? "no message"))"
        let bytes = try moduleBytes(command)
        switch Result(catching: { () throws(ModuleError) in try Module(bytes: bytes) }) {
        case .success:
            throw CommandFailure("expected \(expected), but the module was accepted")
        case .failure(.malformed) where wantsMalformed, .failure(.invalid) where !wantsMalformed:
            return
        case .failure(.malformed(let error)) where !wantsMalformed && error.message.contains("data count section"):
            // A conversion artifact: the script's *text* module uses `memory.init`/`data.drop` without any data
            // segment, and wast2json encodes it without a data count section, which makes the binary malformed
            // before validation can call it invalid. The reference interpreter never sees this binary (it
            // validates the text module), so the rejection is what the script asks for.
            return
        case .failure(let error):
            throw CommandFailure("expected \(expected), got \(error)")
        }
    }

    /// Instantiates a module that is expected to fail, so the result is not made current.
    private func instantiateExpectingFailure(_ module: Module) -> Result<Instance, InstantiationError> {
        Result { () throws(InstantiationError) in try store.instantiate(module, imports: imports) }
    }

    /// assert_unlinkable: the module is valid, but its imports cannot be satisfied.
    private func assertUnlinkable(_ command: WastCommand) throws(CommandFailure) {
        let expected = "unlinkable (\(command.text ?? "no message"))"
        switch instantiateExpectingFailure(try loadModule(command)) {
        case .success:
            throw CommandFailure("expected \(expected), but instantiation succeeded")
        case .failure(.unlinkable):
            return
        case .failure(let error):
            throw CommandFailure("expected \(expected), got \(error)")
        }
    }

    /// assert_uninstantiable (or assert_trap of a module): linking succeeds, but a segment initialisation or the
    /// start function traps, with the trap the script names.
    private func assertUninstantiable(_ command: WastCommand) throws(CommandFailure) {
        let expected = "trap during instantiation (\(command.text ?? "any"))"
        switch instantiateExpectingFailure(try loadModule(command)) {
        case .success:
            throw CommandFailure("expected \(expected), but instantiation succeeded")
        case .failure(.trapped(let trap)):
            if let text = command.text, !trap.reason.matchesSpecMessage(text) {
                throw CommandFailure("expected \(expected), got \(trap.reason)")
            }
        case .failure(let error):
            throw CommandFailure("expected \(expected), got \(error)")
        }
    }

    // MARK: Actions

    enum ActionOutcome {
        case values([Value])
        case trap(Trap)
    }

    /// Runs an `invoke` or `get`. Problems with the script itself (unknown export, argument of the wrong type)
    /// throw; a trap of the invoked code is an outcome.
    private func perform(_ action: WastAction?) throws(CommandFailure) -> ActionOutcome {
        guard let action else { throw CommandFailure("missing or unreadable action") }
        let slot = try resolveSlot(action.module)
        // A no-op unless the session runs in the snapshot round-trip mode.
        try roundTripThroughSnapshot(slot)
        let instance = slot.instance
        switch action.type {
        case "invoke":
            guard let function = instance.exportedFunction(action.field) else {
                throw CommandFailure("no exported function \"\(action.field)\"")
            }
            var arguments: [Value] = []
            for argument in action.args { arguments.append(try argument.argument()) }
            let parameters = function.type.parameters
            guard arguments.map(\.type) == parameters else {
                throw CommandFailure("arguments \(arguments) do not match the parameters \(parameters)")
            }
            do { return .values(try function.call(arguments)) }
            catch { return .trap(error) }
        case "get":
            guard let global = instance.exportedGlobal(action.field) else {
                throw CommandFailure("no exported global \"\(action.field)\"")
            }
            return .values([global.value])
        default:
            throw CommandFailure("unsupported action type \"\(action.type)\"")
        }
    }

    private func assertReturn(_ command: WastCommand) throws(CommandFailure) {
        guard let expected = command.expected else { throw CommandFailure("missing or unreadable expected values") }
        let expectedText = "[" + expected.map(\.description).joined(separator: ", ") + "]"
        switch try perform(command.action) {
        case .trap(let trap):
            throw CommandFailure("expected \(expectedText), got \(trap)")
        case .values(let values):
            var matches = values.count == expected.count
            for (value, expectation) in zip(values, expected) where matches {
                matches = try expectation.matches(value)
            }
            guard matches else {
                throw CommandFailure("expected \(expectedText), got \(describe(values, like: expected))")
            }
        }
    }

    /// assert_trap / assert_exhaustion of an action: it must trap, with the reason the script names.
    private func assertTrap(_ command: WastCommand) throws(CommandFailure) {
        let text = command.text ?? (command.type == "assert_exhaustion" ? "call stack exhausted" : nil)
        let expected = "trap (\(text ?? "any"))"
        switch try perform(command.action) {
        case .values(let values):
            throw CommandFailure("expected \(expected), got \(describe(values, like: command.expected ?? []))")
        case .trap(let trap):
            if let text, !trap.reason.matchesSpecMessage(text) {
                throw CommandFailure("expected \(expected), got \(trap.reason)")
            }
        }
    }

    // MARK: Reporting

    /// Describes results for a failure message, showing vectors in the lane shape of the expectation.
    private func describe(_ values: [Value], like expected: [WastValue]) -> String {
        let parts = values.enumerated().map { index, value -> String in
            if case .v128(let vector) = value, index < expected.count, let shape = LaneShape(expected[index].laneType) {
                let lanes = (0..<shape.count).map { String(shape.lane($0, of: vector)) }
                return "v128.\(expected[index].laneType ?? "?")[\(lanes.joined(separator: " "))]"
            }
            return value.scriptDescription
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    private func label(_ command: WastCommand) -> String {
        guard let action = command.action else { return command.type }
        let module = action.module.map { "\($0)." } ?? ""
        return "\(command.type) \(action.type) \(module)\"\(action.field)\""
    }
}
