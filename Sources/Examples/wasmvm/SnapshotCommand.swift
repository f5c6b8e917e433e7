import ArgumentParser

/// `wasmvm snapshot ...`: instance snapshots (Docs/SnapshotFormat.md). Restoring one is `wasmvm run --snapshot`.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Create instance snapshots (restore one with `wasmvm run --snapshot FILE`).",
        subcommands: [SnapshotCreateCommand.self])
}
