import XCTest
@testable import WasmVM

/// Builds `ModuleDefinition` values directly (no binary encoding or decoder involved), with function bodies given
/// as raw instruction bytes, so validator tests depend on nothing but the shared module types.
struct TestModuleBuilder {
    var module = ModuleDefinition()

    @discardableResult
    mutating func addType(_ parameters: [ValueType] = [], _ results: [ValueType] = []) -> UInt32 {
        module.types.append(FunctionType(parameters: parameters, results: results))
        return UInt32(module.types.count - 1)
    }

    /// Adds a function whose body is `code` followed by the final `end`.
    @discardableResult
    mutating func addFunction(type: UInt32, locals: [LocalDeclaration] = [], _ code: [UInt8]) -> UInt32 {
        let start = module.bytes.count
        module.bytes += code + [0x0B]
        module.functionTypeIndices.append(type)
        module.functionBodies.append(FunctionBody(locals: locals, code: start..<module.bytes.count))
        return UInt32(module.imports.count { $0.descriptor.kind == .function } + module.functionTypeIndices.count - 1)
    }

    /// Adds a function of a fresh type `parameters -> results`.
    @discardableResult
    mutating func addFunction(_ parameters: [ValueType] = [], _ results: [ValueType] = [],
                              locals: [LocalDeclaration] = [], _ code: [UInt8]) -> UInt32 {
        addFunction(type: addType(parameters, results), locals: locals, code)
    }

    mutating func addMemory(min: UInt64 = 1, max: UInt64? = nil) {
        module.memories.append(MemoryType(limits: Limits(min: min, max: max)))
    }

    mutating func addTable(_ type: ReferenceType = .funcRef, min: UInt64 = 1, max: UInt64? = nil) {
        module.tables.append(TableType(elementType: type, limits: Limits(min: min, max: max)))
    }

    mutating func addGlobal(_ type: ValueType, mutable: Bool = false, _ initializer: [Instruction]) {
        module.globals.append(GlobalDefinition(
            type: GlobalType(mutability: mutable ? .variable : .constant, valueType: type),
            initializer: ConstantExpression(instructions: initializer)))
    }

    mutating func addImport(_ descriptor: ImportDescriptor) {
        module.imports.append(Import(module: "env", name: "x\(module.imports.count)", descriptor: descriptor))
    }

    mutating func addExport(_ name: String, _ kind: ExternalKind, _ index: UInt32) {
        module.exports.append(Export(name: name, kind: kind, index: index))
    }

    var definition: ModuleDefinition {
        var result = module
        result.buildIndexSpaces()
        return result
    }
}

/// Asserts that `module` validates.
func assertValid(_ module: ModuleDefinition, file: StaticString = #filePath, line: UInt = #line) {
    do {
        try ModuleValidator.validate(module)
    } catch {
        XCTFail("expected a valid module, got \(error)", file: file, line: line)
    }
}

/// Asserts that validation fails with a message starting with `message` (the spec's .wast scripts compare
/// prefixes: "unknown memory" matches "unknown memory 0"); returns the error for further checks.
@discardableResult
func assertInvalid(_ module: ModuleDefinition, _ message: String,
                   file: StaticString = #filePath, line: UInt = #line) -> ValidationError? {
    do {
        try ModuleValidator.validate(module)
        XCTFail("expected \"\(message)\", but the module validated", file: file, line: line)
        return nil
    } catch {
        XCTAssertTrue(error.message.hasPrefix(message), "expected \"\(message)\", got \"\(error.message)\"",
                      file: file, line: line)
        return error
    }
}

/// Validates a single function `parameters -> results` with body `code` (plus optional module setup).
func function(_ parameters: [ValueType] = [], _ results: [ValueType] = [], locals: [LocalDeclaration] = [],
              _ code: [UInt8], setup: (inout TestModuleBuilder) -> Void = { _ in }) -> ModuleDefinition {
    var builder = TestModuleBuilder()
    setup(&builder)
    builder.addFunction(parameters, results, locals: locals, code)
    return builder.definition
}
