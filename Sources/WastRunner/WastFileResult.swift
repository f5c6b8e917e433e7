/// The outcome of running one `.wast` file.
///
/// Every command of the script lands in exactly one bucket: passed, failed, skipped or not applicable.
/// "Not applicable" is only for assertions about the *text* format (`assert_malformed` / `assert_invalid` of a
/// `module quote`), which test a `.wat` parser this binary-only engine does not have; they are never counted as
/// passed. "Skipped" exists so that reports can show it is zero: anything the runner cannot handle is a failure.
public struct WastFileResult: Sendable, CustomStringConvertible {
    /// The `.wast` file's path, as given to ``WastRunner/run(file:)``.
    public var file: String
    public var passed = 0
    public var skipped = 0
    public var notApplicable = 0
    /// One entry per failed command, in script order.
    public var failures: [WastFailure] = []
    /// What the snapshot round-trip mode did (``WastRunner/snapshotBeforeEachAction``); nil when it was off.
    public var snapshotRoundTrips: SnapshotRoundTripCounts?

    public var failed: Int { failures.count }
    /// Whether every applicable command passed and none was skipped.
    public var succeeded: Bool { failures.isEmpty && skipped == 0 }

    public init(file: String) { self.file = file }

    /// `name.wast: P passed, F failed, N n/a` (plus skipped, if any).
    public var description: String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        var text = "\(name): \(passed) passed, \(failed) failed, \(notApplicable) n/a"
        if skipped > 0 { text += ", \(skipped) skipped" }
        if let snapshotRoundTrips { text += "; snapshots: \(snapshotRoundTrips)" }
        return text
    }
}

/// One command that did not do what the script expects.
public struct WastFailure: Sendable, CustomStringConvertible {
    /// Line of the command in the `.wast` file.
    public var line: Int
    /// The command kind (`assert_return`, `module`, ...), with the invoked export where there is one.
    public var command: String
    /// What was expected and what happened instead.
    public var message: String

    public init(line: Int, command: String, message: String) {
        self.line = line
        self.command = command
        self.message = message
    }

    public var description: String { "line \(line): \(command): \(message)" }
}
