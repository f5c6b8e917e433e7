import WasmVM

/// The `wasmvm` CLI's own snapshot extension ("wasmvm.cli"): where the snapshotted module was, so that
/// `wasmvm run --snapshot FILE` finds it without `--module`.
///
/// Bytes: u8 format version (1), then the module's absolute path in UTF-8 (the rest of the extension).
struct CLISnapshotInfo {
    static let extensionName = "wasmvm.cli"
    static let formatVersion: UInt8 = 1

    var modulePath: String

    var snapshotExtension: SnapshotExtension {
        SnapshotExtension(name: Self.extensionName, bytes: [Self.formatVersion] + Array(modulePath.utf8))
    }

    /// The info in `extensions`, or nil if there is none or it is of another version.
    init?(_ extensions: [SnapshotExtension]) {
        guard let bytes = extensions.first(where: { $0.name == Self.extensionName })?.bytes,
              bytes.first == Self.formatVersion,
              let path = String(validating: bytes.dropFirst(), as: UTF8.self), !path.isEmpty
        else { return nil }
        modulePath = path
    }

    init(modulePath: String) {
        self.modulePath = modulePath
    }
}
