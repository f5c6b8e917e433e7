/// Bulk memory and table operations (`memory.init/copy/fill`, `table.init/copy/fill/grow`, segment drops).
///
/// They run outside the interpreter's hot loop: each is one call that moves many bytes or elements, so the
/// cost of reaching them through the instance object is negligible. They are shared with instantiation,
/// which initialises active segments with the same semantics.
extension InstanceStorage {
    func memoryInit(memory: Int, segment: Int, destination: UInt64, source: UInt64, count: UInt64) throws(Trap) {
        let range = module.definition.data[segment].range
        let length = droppedData[segment] ? 0 : UInt64(range.count)
        let record = memories[memory].record
        guard source + count <= length, destination + count <= UInt64(record.pointee.byteCount) else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        guard count > 0 else { return }
        module.definition.bytes.withUnsafeBytes { bytes in
            (record.pointee.base + Int(destination)).copyMemory(
                from: bytes.baseAddress! + range.lowerBound + Int(source), byteCount: Int(count))
        }
    }

    func dataDrop(_ segment: Int) { droppedData[segment] = true }

    func tableInit(table: Int, segment: Int, destination: UInt64, source: UInt64, count: UInt64) throws(Trap) {
        let items = droppedElements[segment] ? [] : elementSegments[segment]
        let record = tableSpace[table]
        guard source + count <= UInt64(items.count), destination + count <= UInt64(record.pointee.count) else {
            throw Trap(.outOfBoundsTableAccess)
        }
        for i in 0..<Int(count) { record.pointee.elements[Int(destination) + i] = items[Int(source) + i] }
    }

    func elemDrop(_ segment: Int) { droppedElements[segment] = true }
}

/// Operations on raw records that need no instance.
enum BulkOperations {
    static func memoryCopy(_ destinationMemory: UnsafeMutablePointer<MemoryRecord>,
                           _ sourceMemory: UnsafeMutablePointer<MemoryRecord>,
                           destination: UInt64, source: UInt64, count: UInt64) throws(Trap) {
        guard source + count <= UInt64(sourceMemory.pointee.byteCount),
              destination + count <= UInt64(destinationMemory.pointee.byteCount)
        else { throw Trap(.outOfBoundsMemoryAccess) }
        guard count > 0 else { return }
        (destinationMemory.pointee.base + Int(destination)).copyMemory(
            from: sourceMemory.pointee.base + Int(source), byteCount: Int(count))  // memmove semantics
    }

    static func memoryFill(_ memory: UnsafeMutablePointer<MemoryRecord>, destination: UInt64, value: UInt8,
                           count: UInt64) throws(Trap) {
        guard destination + count <= UInt64(memory.pointee.byteCount) else { throw Trap(.outOfBoundsMemoryAccess) }
        guard count > 0 else { return }
        (memory.pointee.base + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
    }

    static func tableCopy(_ destinationTable: UnsafeMutablePointer<TableRecord>,
                          _ sourceTable: UnsafeMutablePointer<TableRecord>,
                          destination: UInt64, source: UInt64, count: UInt64) throws(Trap) {
        guard source + count <= UInt64(sourceTable.pointee.count),
              destination + count <= UInt64(destinationTable.pointee.count)
        else { throw Trap(.outOfBoundsTableAccess) }
        guard count > 0 else { return }
        let to = destinationTable.pointee.elements + Int(destination)
        let from = sourceTable.pointee.elements + Int(source)
        // update(from:) is not overlap-safe; go through a raw memmove.
        UnsafeMutableRawPointer(to).copyMemory(from: UnsafeRawPointer(from), byteCount: Int(count) * 8)
    }

    static func tableFill(_ table: UnsafeMutablePointer<TableRecord>, destination: UInt64, value: UInt64,
                          count: UInt64) throws(Trap) {
        guard destination + count <= UInt64(table.pointee.count) else { throw Trap(.outOfBoundsTableAccess) }
        for i in 0..<Int(count) { table.pointee.elements[Int(destination) + i] = value }
    }
}
