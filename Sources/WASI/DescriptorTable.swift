/// The guest's file descriptor numbers and what they refer to.
///
/// An array indexed by descriptor number: lookups are the hot path (every `fd_write`), and new descriptors reuse
/// the lowest free number as POSIX does, so the table stays dense.
struct DescriptorTable {
    private var slots: [Descriptor?] = []

    /// The descriptor numbered `fd`, or `badf`.
    func get(_ fd: UInt32) throws(WASIErrno) -> Descriptor {
        guard Int(fd) < slots.count, let descriptor = slots[Int(fd)] else { throw .badFileDescriptor }
        return descriptor
    }

    /// Adds a descriptor at the lowest free number.
    mutating func insert(_ descriptor: Descriptor) throws(WASIErrno) -> UInt32 {
        if let free = slots.firstIndex(where: { $0 == nil }) {
            slots[free] = descriptor
            return UInt32(free)
        }
        guard slots.count < Int(Int32.max) else { throw .tooManyFiles }
        slots.append(descriptor)
        return UInt32(slots.count - 1)
    }

    /// Closes `fd` (the host descriptor goes when the last reference does).
    mutating func remove(_ fd: UInt32) throws(WASIErrno) {
        _ = try get(fd)
        slots[Int(fd)] = nil
        while let last = slots.last, last == nil { slots.removeLast() }
    }

    /// Moves `from` onto `to`, closing what `to` referred to. Both must be open (as wasmtime requires).
    mutating func renumber(_ from: UInt32, to: UInt32) throws(WASIErrno) {
        let descriptor = try get(from)
        _ = try get(to)
        if from == to { return }
        slots[Int(to)] = descriptor
        slots[Int(from)] = nil
    }

    /// Every open descriptor with its number, in increasing order (what a snapshot records).
    var open: [(number: UInt32, descriptor: Descriptor)] {
        slots.enumerated().compactMap { index, slot in slot.map { (UInt32(index), $0) } }
    }

    /// Puts `descriptor` at number `fd` exactly, closing what was there (a snapshot's preopens must come back at
    /// the numbers the guest's libc remembered).
    mutating func place(_ descriptor: Descriptor, at fd: UInt32) {
        if Int(fd) >= slots.count { slots.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - slots.count)) }
        slots[Int(fd)] = descriptor
    }

    /// Drops every descriptor (closing the host ones).
    mutating func removeAll() { slots.removeAll() }
}
