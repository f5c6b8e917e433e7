/// Owns one global's 16-byte cell (two words, so a v128 fits; scalars use the first word).
final class GlobalStorage {
    let cell: UnsafeMutablePointer<UInt64>
    let type: GlobalType

    init(type: GlobalType) {
        self.type = type
        cell = .allocate(capacity: 2)
        cell.initialize(repeating: 0, count: 2)
    }

    deinit { cell.deallocate() }
}

/// A global variable, as the host sees it.
public struct Global {
    let storage: GlobalStorage
    let store: Store

    public var type: GlobalType { storage.type }

    /// The global's current value.
    public var value: Value { store.value(fromCell: storage.cell, type: storage.type.valueType) }

    /// Sets a mutable global's value.
    public func set(_ value: Value) throws(Trap) {
        guard storage.type.mutability == .variable else { throw Trap(.invalidArguments("global is immutable")) }
        guard value.type == storage.type.valueType else { throw Trap(.invalidArguments("expected \(storage.type.valueType)")) }
        store.write(value, toCell: storage.cell)
    }
}
