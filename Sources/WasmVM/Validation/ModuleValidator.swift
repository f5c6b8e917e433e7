/// Validates a whole decoded module eagerly: the module-level rules (index spaces, limits, constant expressions,
/// exports, start function, segments) and then every function body.
///
/// Runs once at module load, before translation, so the translator and interpreter may assume well-typed code.
struct ModuleValidator {
    /// The most pages a 32-bit memory can have (4 GiB).
    static let maximumMemoryPages: UInt64 = 65536
    /// The most elements a table can have (table sizes are 32-bit).
    static let maximumTableSize: UInt64 = 0xFFFF_FFFF

    static func validate(_ module: ModuleDefinition) throws(ValidationError) {
        // Rebuild the index spaces rather than trusting that the decoder did; it is a few small array copies.
        var module = module
        module.buildIndexSpaces()

        try validateTypeUses(module)
        try validateTablesAndMemories(module)

        let constants = ConstantExpressionValidator(
            importedGlobals: Array(module.globalTypeIndexSpace.prefix(module.importedGlobalCount)),
            functionCount: module.functionTypeIndexSpace.count)
        for global in module.globals {
            try constants.validate(global.initializer, expecting: OperandType(global.type.valueType))
        }
        try validateExports(module)
        try validateStart(module)
        try validateElementSegments(module, constants)
        try validateDataSegments(module, constants)

        let context = ValidationContext(module: module, declaredFunctions: declaredFunctions(module))
        try validateFunctionBodies(module, context)
    }

    /// Type indices of imported and defined functions.
    private static func validateTypeUses(_ module: ModuleDefinition) throws(ValidationError) {
        for typeIndex in module.functionTypeIndexSpace where Int(typeIndex) >= module.types.count {
            throw ValidationError("unknown type \(typeIndex)")
        }
        guard module.functionBodies.count == module.functionTypeIndices.count else {
            throw ValidationError("function and code section have inconsistent lengths")
        }
    }

    private static func validateTablesAndMemories(_ module: ModuleDefinition) throws(ValidationError) {
        for table in module.tableTypeIndexSpace {
            try validate(table.limits, range: maximumTableSize, tooLarge: "table size must be at most 2^32-1")
        }
        for memory in module.memoryTypeIndexSpace {
            try validate(memory.limits, range: maximumMemoryPages,
                         tooLarge: "memory size must be at most 65536 pages (4GiB)")
        }
        guard module.memoryTypeIndexSpace.count <= 1 else { throw ValidationError("multiple memories") }
    }

    private static func validate(_ limits: Limits, range: UInt64, tooLarge: String) throws(ValidationError) {
        guard limits.min <= range else { throw ValidationError(tooLarge) }
        if let max = limits.max {
            guard max <= range else { throw ValidationError(tooLarge) }
            guard limits.min <= max else { throw ValidationError("size minimum must not be greater than maximum") }
        }
    }

    private static func validateExports(_ module: ModuleDefinition) throws(ValidationError) {
        // Names are compared as UTF-8 byte sequences: Swift's `String` equality identifies canonically equivalent
        // strings ("\u{E9}" and "e\u{301}"), which are distinct names in WebAssembly.
        var names = Set<[UInt8]>(minimumCapacity: module.exports.count)
        for export in module.exports {
            guard names.insert(Array(export.name.utf8)).inserted else {
                throw ValidationError("duplicate export name")
            }
            let (count, kind) = switch export.kind {
            case .function: (module.functionTypeIndexSpace.count, "function")
            case .table: (module.tableTypeIndexSpace.count, "table")
            case .memory: (module.memoryTypeIndexSpace.count, "memory")
            case .global: (module.globalTypeIndexSpace.count, "global")
            }
            guard Int(export.index) < count else { throw ValidationError("unknown \(kind) \(export.index)") }
        }
    }

    private static func validateStart(_ module: ModuleDefinition) throws(ValidationError) {
        guard let start = module.start else { return }
        guard Int(start) < module.functionTypeIndexSpace.count else {
            throw ValidationError("unknown function \(start)")
        }
        let type = module.types[Int(module.functionTypeIndexSpace[Int(start)])]
        guard type.parameters.isEmpty && type.results.isEmpty else { throw ValidationError("start function") }
    }

    private static func validateElementSegments(_ module: ModuleDefinition,
                                                _ constants: ConstantExpressionValidator) throws(ValidationError) {
        for segment in module.elements {
            let type = OperandType(segment.type)
            for initializer in segment.initializers {
                try constants.validate(initializer, expecting: type)
            }
            if case .active(let table, let offset) = segment.mode {
                guard Int(table) < module.tableTypeIndexSpace.count else {
                    throw ValidationError("unknown table \(table)")
                }
                guard module.tableTypeIndexSpace[Int(table)].elementType == segment.type else {
                    throw ValidationError("type mismatch")
                }
                try constants.validate(offset, expecting: .i32)
            }
        }
    }

    private static func validateDataSegments(_ module: ModuleDefinition,
                                             _ constants: ConstantExpressionValidator) throws(ValidationError) {
        if let dataCount = module.dataCount, Int(dataCount) != module.data.count {
            throw ValidationError("data count and data section have inconsistent lengths")
        }
        for segment in module.data {
            if case .active(let memory, let offset) = segment.mode {
                guard Int(memory) < module.memoryTypeIndexSpace.count else {
                    throw ValidationError("unknown memory \(memory)")
                }
                try constants.validate(offset, expecting: .i32)
            }
        }
    }

    /// C.refs: the functions that `ref.func` may name inside function bodies, namely those referenced anywhere
    /// in the module outside the bodies (element segments, exports, global initialisers).
    private static func declaredFunctions(_ module: ModuleDefinition) -> [Bool] {
        var declared = [Bool](repeating: false, count: module.functionTypeIndexSpace.count)
        func declare(_ expression: ConstantExpression) {
            for case .refFunc(let function) in expression.instructions where Int(function) < declared.count {
                declared[Int(function)] = true
            }
        }
        for global in module.globals { declare(global.initializer) }
        for segment in module.elements {
            for initializer in segment.initializers { declare(initializer) }
        }
        for export in module.exports where export.kind == .function && Int(export.index) < declared.count {
            declared[Int(export.index)] = true
        }
        return declared
    }

    private static func validateFunctionBodies(_ module: ModuleDefinition,
                                               _ context: ValidationContext) throws(ValidationError) {
        var validator = FunctionValidator(context: context)
        for (i, body) in module.functionBodies.enumerated() {
            try validator.validate(body: body, functionIndex: UInt32(module.importedFunctionCount + i),
                                   typeIndex: module.functionTypeIndices[i], bytes: module.bytes)
        }
    }
}
