/// What the snapshot round-trip mode (``WastRunner/snapshotBeforeEachAction``) did in one file.
///
/// Every action or `register` on an instance lands in one bucket. Only ``restored`` exercises snapshots; the
/// other two are the documented cases where the live instance must stay in use, counted so a report shows how
/// much of a file actually ran on restored copies.
public struct SnapshotRoundTripCounts: Sendable, Equatable, CustomStringConvertible {
    /// Actions that ran on an instance just restored from a snapshot of the live one.
    public var restored = 0
    /// Actions whose instance refused capture with ``SnapshotError/notCapturable(_:)`` (imported memory or
    /// table, mutable imported global, a function of another instance); they ran on the live instance.
    public var notCapturable = 0
    /// Actions on an instance registered for import, which others may link to; they ran on the live instance.
    public var registered = 0
    /// The first refusal's message, to show what kind of state kept instances live.
    public var firstRefusal: String?

    public init() {}

    public var description: String {
        "\(restored) restored, \(notCapturable) not capturable, \(registered) on registered instances"
    }
}
