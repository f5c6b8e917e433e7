/// Memory and table instructions: index checks against the module's memories, tables and segments, alignment
/// checks, and the operand types of the bulk-memory and reference-types operations.
extension FunctionValidator {
    /// Checks that memory `index` exists.
    @inline(__always)
    func checkMemory(_ index: UInt32) throws(ValidationError) {
        guard Int(index) < context.memoryCount else { throw error("unknown memory \(index)") }
    }

    /// Checks the memory of a load or store and that its alignment hint does not exceed the access width
    /// (`naturalAlignment` in bytes; `memArg.align` is a log2).
    @inline(__always)
    func checkMemoryAccess(_ memArg: MemArg, naturalAlignment: Int) throws(ValidationError) {
        try checkMemory(memArg.memory)
        guard memArg.align < 32 && (1 << Int(memArg.align)) <= naturalAlignment else {
            throw error("alignment must not be larger than natural")
        }
    }

    /// Checks that the data count section is present and that data segment `index` exists.
    func checkDataSegment(_ index: UInt32) throws(ValidationError) {
        guard let dataCount = context.dataCount else { throw error("data count section required") }
        guard index < dataCount else { throw error("unknown data segment \(index)") }
    }

    func tableType(_ index: UInt32) throws(ValidationError) -> OperandType {
        guard Int(index) < context.tableTypes.count else { throw error("unknown table \(index)") }
        return context.tableTypes[Int(index)]
    }

    func elementType(_ index: UInt32) throws(ValidationError) -> OperandType {
        guard Int(index) < context.elementTypes.count else { throw error("unknown elem segment \(index)") }
        return context.elementTypes[Int(index)]
    }

    mutating func validateMemoryInstruction(_ instruction: Instruction) throws(ValidationError) {
        switch instruction {
        case .memorySize(let memory):
            try checkMemory(memory)
            push(.i32)
        case .memoryGrow(let memory):
            try checkMemory(memory)
            try pop(.i32)
            push(.i32)
        case .memoryInit(let data, let memory):
            try checkMemory(memory)
            try checkDataSegment(data)
            try pop(.i32)
            try pop(.i32)
            try pop(.i32)
        case .dataDrop(let data):
            try checkDataSegment(data)
        case .memoryCopy(let destination, let source):
            try checkMemory(destination)
            try checkMemory(source)
            try pop(.i32)
            try pop(.i32)
            try pop(.i32)
        case .memoryFill(let memory):
            try checkMemory(memory)
            try pop(.i32)
            try pop(.i32)
            try pop(.i32)
        default:
            throw error("unknown operator")
        }
    }

    mutating func validateTableInstruction(_ instruction: Instruction) throws(ValidationError) {
        switch instruction {
        case .tableGet(let table):
            let type = try tableType(table)
            try pop(.i32)
            push(type)
        case .tableSet(let table):
            let type = try tableType(table)
            try pop(type)
            try pop(.i32)
        case .tableInit(let element, let table):
            let type = try tableType(table)
            guard try elementType(element) == type else { throw typeMismatch }
            try pop(.i32)
            try pop(.i32)
            try pop(.i32)
        case .elemDrop(let element):
            _ = try elementType(element)
        case .tableCopy(let destination, let source):
            let destinationType = try tableType(destination)
            guard try tableType(source) == destinationType else { throw typeMismatch }
            try pop(.i32)
            try pop(.i32)
            try pop(.i32)
        case .tableGrow(let table):
            let type = try tableType(table)
            try pop(.i32)
            try pop(type)
            push(.i32)
        case .tableSize(let table):
            _ = try tableType(table)
            push(.i32)
        case .tableFill(let table):
            let type = try tableType(table)
            try pop(.i32)
            try pop(type)
            try pop(.i32)
        default:
            throw error("unknown operator")
        }
    }
}
