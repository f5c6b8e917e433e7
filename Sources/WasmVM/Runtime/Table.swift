/// Owns one table's element storage.
final class TableStorage {
    let record: UnsafeMutablePointer<TableRecord>

    init(type: TableType, initialValue: UInt64 = 0) throws(InstantiationError) {
        let count = Int(type.limits.min)
        guard count <= Table.maximumElements else {
            throw .resourceExhausted("table of \(count) elements exceeds the limit of \(Table.maximumElements)")
        }
        let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: max(count, 1))
        elements.initialize(repeating: initialValue, count: max(count, 1))
        record = .allocate(capacity: 1)
        record.initialize(to: TableRecord(
            elements: elements, count: count, capacity: max(count, 1),
            maximum: type.limits.max.map { Int(min($0, UInt64(Table.maximumElements))) },
            elementType: type.elementType))
    }

    deinit {
        record.pointee.elements.deallocate()
        record.deallocate()
    }

    /// Grows by `delta` elements set to `value`; returns the old size, or nil (as `table.grow`'s -1).
    func grow(by delta: Int, value: UInt64) -> Int? { Self.grow(record, by: delta, value: value) }

    static func grow(_ record: UnsafeMutablePointer<TableRecord>, by delta: Int, value: UInt64) -> Int? {
        let old = record.pointee.count
        guard delta >= 0 else { return nil }
        let new = old + delta
        if let maximum = record.pointee.maximum, new > maximum { return nil }
        guard new <= Table.maximumElements else { return nil }
        if new > record.pointee.capacity {
            let capacity = max(new, record.pointee.capacity * 2)
            let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            elements.moveInitialize(from: record.pointee.elements, count: old)
            record.pointee.elements.deallocate()
            record.pointee.elements = elements
            record.pointee.capacity = capacity
        }
        (record.pointee.elements + old).initialize(repeating: value, count: delta)
        record.pointee.count = new
        return old
    }
}

/// A table of references, as the host sees it.
public struct Table {
    /// The implementation's limit on table size (10 million elements), so a guest cannot exhaust host memory.
    public static let maximumElements = 10_000_000

    let storage: TableStorage
    let store: Store

    public var count: Int { storage.record.pointee.count }
    public var elementType: ReferenceType { storage.record.pointee.elementType }

    /// The element at `index`.
    public func element(at index: Int) throws(Trap) -> Value {
        guard index >= 0, index < count else { throw Trap(.outOfBoundsTableAccess) }
        return store.value(fromRaw: storage.record.pointee.elements[index], type: .ref(elementType))
    }

    /// Replaces the element at `index`.
    public func setElement(_ value: Value, at index: Int) throws(Trap) {
        guard index >= 0, index < count else { throw Trap(.outOfBoundsTableAccess) }
        storage.record.pointee.elements[index] = store.raw(from: value)
    }

    /// Grows the table; returns the previous size or nil.
    @discardableResult
    public func grow(by delta: Int, value: Value) -> Int? { storage.grow(by: delta, value: store.raw(from: value)) }
}
