import XCTest
@testable import WasmVM

/// Module-level rules: limits, index spaces, constant expressions, exports, start function, segments.
final class ModuleValidationTests: XCTestCase {
    func testEmptyModuleIsValid() {
        assertValid(TestModuleBuilder().definition)
    }

    func testMemoryLimits() {
        func memory(_ min: UInt64, _ max: UInt64?) -> ModuleDefinition {
            var builder = TestModuleBuilder()
            builder.addMemory(min: min, max: max)
            return builder.definition
        }
        assertValid(memory(0, 65536))
        assertValid(memory(65536, nil))
        assertInvalid(memory(65537, nil), "memory size must be at most 65536 pages (4GiB)")
        assertInvalid(memory(0, 65537), "memory size must be at most 65536 pages (4GiB)")
        assertInvalid(memory(2, 1), "size minimum must not be greater than maximum")
    }

    func testAtMostOneMemory() {
        var builder = TestModuleBuilder()
        builder.addImport(.memory(MemoryType(limits: Limits(min: 1))))
        builder.addMemory()
        assertInvalid(builder.definition, "multiple memories")
    }

    func testTableLimits() {
        var builder = TestModuleBuilder()
        builder.addTable(min: 3, max: 2)
        assertInvalid(builder.definition, "size minimum must not be greater than maximum")
    }

    func testTypeIndices() {
        var builder = TestModuleBuilder()
        builder.addImport(.function(typeIndex: 4))
        assertInvalid(builder.definition, "unknown type")
        builder = TestModuleBuilder()
        builder.module.functionTypeIndices = [1]
        builder.module.functionBodies = [FunctionBody(locals: [], code: 0..<0)]
        assertInvalid(builder.definition, "unknown type")
    }

    func testGlobalInitializers() {
        func global(_ type: ValueType, _ initializer: [Instruction],
                    imports: [GlobalType] = []) -> ModuleDefinition {
            var builder = TestModuleBuilder()
            for imported in imports { builder.addImport(.global(imported)) }
            builder.addGlobal(type, initializer)
            return builder.definition
        }
        let constantI32 = GlobalType(mutability: .constant, valueType: .i32)
        let mutableI32 = GlobalType(mutability: .variable, valueType: .i32)
        assertValid(global(.i32, [.i32Const(1)]))
        assertValid(global(.funcref, [.refNull(.funcRef)]))
        assertValid(global(.i32, [.globalGet(0)], imports: [constantI32]))
        assertInvalid(global(.i32, [.i64Const(1)]), "type mismatch")
        assertInvalid(global(.i32, []), "type mismatch")
        assertInvalid(global(.i32, [.i32Const(1), .i32Const(1)]), "type mismatch")
        assertInvalid(global(.i32, [.i32Const(1), .numeric(.i32Clz)]), "constant expression required")
        assertInvalid(global(.i32, [.nop]), "constant expression required")
        assertInvalid(global(.i32, [.globalGet(0)], imports: [mutableI32]), "constant expression required")
        // Only imported globals are visible to constant expressions.
        assertInvalid(global(.i32, [.globalGet(1)], imports: [constantI32]), "unknown global")
        var builder = TestModuleBuilder()
        builder.addGlobal(.i32, [.i32Const(0)])
        builder.addGlobal(.i32, [.globalGet(0)])
        assertInvalid(builder.definition, "unknown global")
        assertInvalid(global(.funcref, [.refFunc(3)]), "unknown function")
    }

    func testExports() {
        var builder = TestModuleBuilder()
        builder.addFunction([], [], [])
        builder.addMemory()
        builder.addExport("a", .function, 0)
        builder.addExport("b", .memory, 0)
        assertValid(builder.definition)
        builder.addExport("a", .memory, 0)
        assertInvalid(builder.definition, "duplicate export name")
        builder.module.exports.removeLast()
        // Canonically equivalent but different code points are different names.
        builder.addExport("\u{E9}", .function, 0)
        builder.addExport("e\u{301}", .function, 0)
        assertValid(builder.definition)
        builder.addExport("c", .global, 0)
        assertInvalid(builder.definition, "unknown global")
        builder.module.exports.removeLast()
        builder.addExport("c", .function, 1)
        assertInvalid(builder.definition, "unknown function")
    }

    func testStartFunction() {
        var builder = TestModuleBuilder()
        builder.addFunction([], [], [])
        builder.addFunction([.i32], [], [])
        builder.module.start = 0
        assertValid(builder.definition)
        builder.module.start = 1
        assertInvalid(builder.definition, "start function")
        builder.module.start = 2
        assertInvalid(builder.definition, "unknown function")
    }

    func testElementSegments() {
        func segment(_ type: ReferenceType, _ initializers: [[Instruction]], table: ReferenceType? = .funcRef,
                     offset: [Instruction] = [.i32Const(0)]) -> ModuleDefinition {
            var builder = TestModuleBuilder()
            builder.addFunction([], [], [])
            if let table { builder.addTable(table) }
            builder.module.elements.append(ElementSegment(
                type: type, initializers: initializers.map(ConstantExpression.init),
                mode: .active(table: 0, offset: ConstantExpression(instructions: offset))))
            return builder.definition
        }
        assertValid(segment(.funcRef, [[.refFunc(0)], [.refNull(.funcRef)]]))
        assertInvalid(segment(.funcRef, [[.refNull(.externRef)]]), "type mismatch")
        assertInvalid(segment(.funcRef, [[.i32Const(0)]]), "type mismatch")
        assertInvalid(segment(.funcRef, [[.call(0)]]), "constant expression required")
        assertInvalid(segment(.externRef, [], table: .funcRef), "type mismatch")
        assertInvalid(segment(.funcRef, [], table: nil), "unknown table")
        assertInvalid(segment(.funcRef, [], offset: [.i64Const(0)]), "type mismatch")
        assertInvalid(segment(.funcRef, [[.refFunc(1)]]), "unknown function")
    }

    func testDataSegments() {
        var builder = TestModuleBuilder()
        builder.module.data.append(DataSegment(
            range: 0..<0, mode: .active(memory: 0, offset: ConstantExpression(instructions: [.i32Const(0)]))))
        assertInvalid(builder.definition, "unknown memory")
        builder.addMemory()
        assertValid(builder.definition)
        builder.module.data[0].mode = .active(memory: 0, offset: ConstantExpression(instructions: [.f32Const(0)]))
        assertInvalid(builder.definition, "type mismatch")
    }

    func testFunctionReferencesDeclaredByElementsAndGlobals() {
        let body: [UInt8] = [0xD2, 0x00, 0x1A]
        // Declared by a declarative element segment.
        var builder = TestModuleBuilder()
        builder.addFunction([], [], body)
        builder.module.elements.append(ElementSegment(
            type: .funcRef, initializers: [ConstantExpression(instructions: [.refFunc(0)])], mode: .declarative))
        assertValid(builder.definition)
        // Declared by a global initialiser.
        builder = TestModuleBuilder()
        builder.addFunction([], [], body)
        builder.addGlobal(.funcref, [.refFunc(0)])
        assertValid(builder.definition)
        // Not declared anywhere.
        builder = TestModuleBuilder()
        builder.addFunction([], [], body)
        assertInvalid(builder.definition, "undeclared function reference")
    }
}
