/// A failure of the snapshot store's database (opening it, or a statement SQLite refused).
public struct SnapshotStoreError: Error, Sendable, CustomStringConvertible {
    /// SQLite's result code (`SQLITE_BUSY` is 5, `SQLITE_CORRUPT` 11, ...), or -1 for errors of the store itself.
    public var code: Int32
    public var message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "snapshot store: \(message) (SQLite code \(code))" }
}
