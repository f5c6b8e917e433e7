import WasmVM

extension ScriptSession {
    /// Replaces the slot's instance by a copy that went through a snapshot file: capture, the bytes copied
    /// as if read back from disk, a verified ``SnapshotTemplate``, and a restore into the same store with the
    /// session's imports (the spectest entities and every registered module). Everything that runs afterwards
    /// — this command and the rest of the script — uses the copy, so the script's own assertions check that
    /// memories, globals, tables and dropped segments survived, action after action.
    ///
    /// A capture refused as ``SnapshotError/notCapturable(_:)`` and a registered instance keep the live
    /// instance and are counted, not failed: both are documented limits (Docs/SnapshotFormat.md). Any other
    /// error, or a restored copy whose own snapshot differs from the original, fails the command.
    func roundTripThroughSnapshot(_ slot: InstanceSlot) throws(CommandFailure) {
        guard var counts = result.snapshotRoundTrips else { return }
        defer { result.snapshotRoundTrips = counts }
        guard !slot.isRegistered else {
            counts.registered += 1
            return
        }
        let live = slot.instance
        let snapshot: Snapshot
        do { snapshot = try live.snapshot() } catch SnapshotError.notCapturable(let reason) {
            counts.notCapturable += 1
            if counts.firstRefusal == nil { counts.firstRefusal = reason }
            return
        } catch {
            throw CommandFailure("snapshot failed: \(error)")
        }
        let restored: Instance
        do {
            // A fresh array, so nothing of the capture's buffer is shared with what the template reads.
            let template = try SnapshotTemplate(Snapshot(bytes: Array(snapshot.bytes)), module: live.module)
            restored = try store.restore(template, imports: imports)
        } catch {
            throw CommandFailure("restoring the snapshot failed: \(error)")
        }
        // Capture is deterministic, so a faithful restore snapshots to the very same bytes: this compares every
        // memory byte, global, table element and segment flag, including state no export exposes.
        let again: Snapshot
        do { again = try restored.snapshot() }
        catch { throw CommandFailure("snapshotting the restored instance failed: \(error)") }
        guard again.bytes == snapshot.bytes else {
            throw CommandFailure("the restored instance's snapshot differs from the live instance's")
        }
        slot.instance = restored
        counts.restored += 1
    }
}
