import XCTest
@testable import WasmVM

/// Function-body rules of the validation algorithm, on hand-assembled bodies.
final class FunctionBodyValidationTests: XCTestCase {
    // Value type bytes.
    let i32: UInt8 = 0x7F, i64: UInt8 = 0x7E, f32: UInt8 = 0x7D, v128: UInt8 = 0x7B
    let funcref: UInt8 = 0x70, externref: UInt8 = 0x6F, emptyBlock: UInt8 = 0x40

    func testArithmeticAndLocals() {
        // (param i32 i32) (result i32): local.get 0, local.get 1, i32.add
        assertValid(function([.i32, .i32], [.i32], [0x20, 0x00, 0x20, 0x01, 0x6A]))
        // i32.add on an i64 operand.
        assertInvalid(function([.i32, .i64], [.i32], [0x20, 0x00, 0x20, 0x01, 0x6A]), "type mismatch")
        // Too few operands.
        assertInvalid(function([.i32], [.i32], [0x20, 0x00, 0x6A]), "type mismatch")
        // Leftover operand at the end.
        assertInvalid(function([], [], [0x41, 0x01]), "type mismatch")
        // Declared locals follow the parameters.
        assertValid(function([.i32], [.i64], locals: [LocalDeclaration(count: 2, type: .i64)],
                             [0x20, 0x02, 0x21, 0x01, 0x20, 0x01]))
        assertInvalid(function([.i32], [], locals: [LocalDeclaration(count: 2, type: .i64)], [0x20, 0x03, 0x1A]),
                      "unknown local")
        // local.tee keeps the value.
        assertValid(function([], [.i32], locals: [LocalDeclaration(count: 1, type: .i32)], [0x41, 0x05, 0x22, 0x00]))
    }

    func testErrorsCarryFunctionIndexAndOffset() throws {
        var builder = TestModuleBuilder()
        builder.addImport(.function(typeIndex: builder.addType()))
        builder.addFunction([], [], [0x01])                  // function 1, valid
        builder.addFunction([], [], [0x01, 0x01, 0x20, 0x07])  // function 2: local.get 7 at its third byte
        let module = builder.definition
        let error = try XCTUnwrap(assertInvalid(module, "unknown local"))
        XCTAssertEqual(error.functionIndex, 2)
        XCTAssertEqual(error.offset, module.functionBodies[1].code.lowerBound + 2)
    }

    func testUnreachableMakesStackPolymorphic() {
        // unreachable, i32.add, drop: operands come from the polymorphic stack.
        assertValid(function([], [], [0x00, 0x6A, 0x1A]))
        // unreachable then any result.
        assertValid(function([], [.i64], [0x00]))
        // Polymorphism ends at the block boundary: the inner block must still be well typed.
        assertInvalid(function([], [], [0x00, 0x02, emptyBlock, 0x6A, 0x1A, 0x0B]), "type mismatch")
        // Known operands below the polymorphic part are still checked.
        assertInvalid(function([], [.i32], [0x00, 0x42, 0x00, 0x6A]), "type mismatch")
        // br makes the rest unreachable too.
        assertValid(function([], [.i32], [0x41, 0x01, 0x0C, 0x00, 0x6A]))
        // unreachable; select leaves an unknown operand that matches anything.
        assertValid(function([], [.i32], [0x00, 0x1B]))
    }

    func testBlocksAndBranches() {
        // block (result i32) i32.const 1 end
        assertValid(function([], [.i32], [0x02, i32, 0x41, 0x01, 0x0B]))
        // block (result i32) with nothing inside.
        assertInvalid(function([], [.i32], [0x02, i32, 0x0B]), "type mismatch")
        // A block cannot see operands from outside.
        assertInvalid(function([], [], [0x41, 0x01, 0x02, emptyBlock, 0x1A, 0x0B]), "type mismatch")
        // br 0 out of a (result i32) block carries an i32.
        assertValid(function([], [.i32], [0x02, i32, 0x41, 0x01, 0x0C, 0x00, 0x0B]))
        assertInvalid(function([], [.i32], [0x02, i32, 0x42, 0x01, 0x0C, 0x00, 0x0B]), "type mismatch")
        // br to a loop carries the loop's parameters (none here).
        assertValid(function([], [], [0x03, emptyBlock, 0x0C, 0x00, 0x0B]))
        assertInvalid(function([], [], [0x0C, 0x01]), "unknown label")
        // br_if keeps the label values on the stack.
        assertValid(function([], [.i32], [0x02, i32, 0x41, 0x01, 0x41, 0x00, 0x0D, 0x00, 0x0B]))
        // return checks the function results.
        assertValid(function([], [.i32], [0x41, 0x01, 0x0F]))
        assertInvalid(function([], [.i32], [0x0F]), "type mismatch")
    }

    func testIfElse() {
        // if (result i32) then i32.const 1 else i32.const 2 end
        assertValid(function([.i32], [.i32], [0x20, 0x00, 0x04, i32, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B]))
        // if with a result but no else: the implicit else does not produce it.
        assertInvalid(function([.i32], [.i32], [0x20, 0x00, 0x04, i32, 0x41, 0x01, 0x0B]), "type mismatch")
        // The else branch is checked too.
        assertInvalid(function([.i32], [.i32], [0x20, 0x00, 0x04, i32, 0x41, 0x01, 0x05, 0x0B]), "type mismatch")
        // The condition must be i32.
        assertInvalid(function([.i64], [], [0x20, 0x00, 0x04, emptyBlock, 0x0B]), "type mismatch")
    }

    func testMultiValueBlocksWithTypeIndex() {
        // Type 0 is [i32 i32] -> [i32]; block type 0 adds its parameters.
        let body: [UInt8] = [0x41, 0x01, 0x41, 0x02, 0x02, 0x00, 0x6A, 0x0B]
        assertValid(function([], [.i32], body, setup: { $0.addType([.i32, .i32], [.i32]) }))
        // Not enough parameters on the stack.
        assertInvalid(function([], [.i32], [0x41, 0x01, 0x02, 0x00, 0x6A, 0x0B],
                               setup: { $0.addType([.i32, .i32], [.i32]) }), "type mismatch")
        // An if without else whose parameters equal its results is fine ([i32] -> [i32]).
        assertValid(function([], [.i32], [0x41, 0x01, 0x41, 0x00, 0x04, 0x00, 0x0B],
                             setup: { $0.addType([.i32], [.i32]) }))
        // A loop label carries the loop parameters: br 0 needs an i32 on the stack.
        assertValid(function([], [.i32], [0x41, 0x01, 0x03, 0x00, 0x41, 0x00, 0x0D, 0x00, 0x0B],
                             setup: { $0.addType([.i32], [.i32]) }))
        // Multiple results.
        assertValid(function([], [.i32, .i64], [0x02, 0x00, 0x41, 0x01, 0x42, 0x02, 0x0B],
                             setup: { $0.addType([], [.i32, .i64]) }))
        assertInvalid(function([], [], [0x02, 0x09, 0x0B]), "unknown type")
    }

    func testStructure() {
        // A stray else, code after the function's final end, too many locals.
        assertInvalid(function([], [], [0x05]), "else without matching if")
        assertInvalid(function([], [], [0x0B, 0x01]), "operators remaining after end of function")
        assertInvalid(function([], [], locals: [LocalDeclaration(count: 0xFFFF_FFFF, type: .i32)], []),
                      "too many locals")
        // Dropping a value that is not there.
        assertInvalid(function([], [], [0x1A]), "type mismatch")
    }

    func testBranchTable() {
        // block (result i32) block (result i32) i32.const 1, i32.const 0, br_table 0 1 1 end end
        assertValid(function([], [.i32], [0x02, i32, 0x02, i32, 0x41, 0x01, 0x41, 0x00,
                                          0x0E, 0x01, 0x00, 0x01, 0x0B, 0x0B]))
        // Targets of different arity.
        assertInvalid(function([], [.i32], [0x02, i32, 0x02, emptyBlock, 0x41, 0x01, 0x41, 0x00,
                                            0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B]), "type mismatch")
        // Same arity, different types, reached with a polymorphic stack: valid in 2.0 (each target is checked
        // against the unknown operands separately).
        assertValid(function([], [], [0x02, f32, 0x02, i32, 0x00, 0x41, 0x00,
                                      0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A, 0x00, 0x0B, 0x1A]))
        // ... but not with a concrete operand.
        assertInvalid(function([], [], [0x02, f32, 0x02, i32, 0x41, 0x01, 0x41, 0x00,
                                        0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A, 0x00, 0x0B, 0x1A]), "type mismatch")
        assertInvalid(function([], [], [0x41, 0x00, 0x0E, 0x00, 0x05]), "unknown label")
    }

    func testSelect() {
        assertValid(function([], [.i32], [0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1B]))
        assertInvalid(function([], [.i32], [0x41, 0x01, 0x42, 0x02, 0x41, 0x00, 0x1B]), "type mismatch")
        // Untyped select on references is invalid, typed select is fine.
        let refs: [UInt8] = [0xD0, funcref, 0xD0, funcref, 0x41, 0x00]
        assertInvalid(function([], [.funcref], refs + [0x1B]), "type mismatch")
        assertValid(function([], [.funcref], refs + [0x1C, 0x01, funcref]))
        // Untyped select on a polymorphic operand and a reference.
        assertInvalid(function([], [], [0x00, 0xD0, externref, 0x41, 0x00, 0x1B, 0x1A]), "type mismatch")
        // v128 is allowed in untyped select.
        let vector: [UInt8] = [0xFD, 0x0C] + [UInt8](repeating: 0, count: 16)
        assertValid(function([], [.v128], vector + vector + [0x41, 0x00, 0x1B]))
    }

    func testGlobals() {
        let setup: (inout TestModuleBuilder) -> Void = {
            $0.addGlobal(.i32, [.i32Const(0)])
            $0.addGlobal(.i64, mutable: true, [.i64Const(0)])
        }
        assertValid(function([], [.i32], [0x23, 0x00], setup: setup))
        assertValid(function([], [], [0x42, 0x00, 0x24, 0x01], setup: setup))
        assertInvalid(function([], [], [0x41, 0x00, 0x24, 0x00], setup: setup), "global is immutable")
        assertInvalid(function([], [], [0x41, 0x00, 0x24, 0x01], setup: setup), "type mismatch")
        assertInvalid(function([], [.i32], [0x23, 0x02], setup: setup), "unknown global")
    }

    func testCalls() {
        let setup: (inout TestModuleBuilder) -> Void = {
            $0.addFunction([.i32], [.i64], [0x42, 0x00])      // function 0
        }
        assertValid(function([], [.i64], [0x41, 0x00, 0x10, 0x00], setup: setup))
        assertInvalid(function([], [.i64], [0x10, 0x00], setup: setup), "type mismatch")
        assertInvalid(function([], [], [0x10, 0x05], setup: setup), "unknown function")
        // call_indirect (type 0) through a funcref table.
        let indirect: [UInt8] = [0x41, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00]
        assertValid(function([], [.i64], indirect, setup: { setup(&$0); $0.addTable(.funcRef) }))
        assertInvalid(function([], [.i64], indirect, setup: { setup(&$0); $0.addTable(.externRef) }), "type mismatch")
        assertInvalid(function([], [.i64], indirect, setup: setup), "unknown table")
        assertInvalid(function([], [.i64], [0x41, 0x00, 0x11, 0x09, 0x00], setup: { setup(&$0); $0.addTable() }),
                      "unknown type")
    }

    func testMemoryInstructions() {
        let withMemory: (inout TestModuleBuilder) -> Void = { $0.addMemory() }
        // i32.load align=2 offset=0
        assertValid(function([], [.i32], [0x41, 0x00, 0x28, 0x02, 0x00], setup: withMemory))
        assertInvalid(function([], [.i32], [0x41, 0x00, 0x28, 0x03, 0x00], setup: withMemory),
                      "alignment must not be larger than natural")
        // i32.load8_u align=1 is too much.
        assertInvalid(function([], [.i32], [0x41, 0x00, 0x2D, 0x01, 0x00], setup: withMemory),
                      "alignment must not be larger than natural")
        assertInvalid(function([], [.i32], [0x41, 0x00, 0x28, 0x02, 0x00]), "unknown memory")
        assertInvalid(function([], [.i32], [0x3F, 0x00]), "unknown memory")
        // i64.store needs an i64 value.
        assertInvalid(function([], [], [0x41, 0x00, 0x41, 0x00, 0x37, 0x03, 0x00], setup: withMemory), "type mismatch")
        // memory.fill, memory.copy
        assertValid(function([], [], [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x00], setup: withMemory))
        assertValid(function([], [], [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x00], setup: withMemory))
    }

    func testDataSegmentInstructionsNeedDataCount() {
        let withData: (inout TestModuleBuilder) -> Void = {
            $0.addMemory()
            $0.module.data.append(DataSegment(range: 0..<0, mode: .passive))
        }
        let dataDrop: [UInt8] = [0xFC, 0x09, 0x00]
        assertInvalid(function([], [], dataDrop, setup: withData), "data count section required")
        assertValid(function([], [], dataDrop, setup: { withData(&$0); $0.module.dataCount = 1 }))
        assertInvalid(function([], [], [0xFC, 0x09, 0x01], setup: { withData(&$0); $0.module.dataCount = 1 }),
                      "unknown data segment")
        let memoryInit: [UInt8] = [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00]
        assertValid(function([], [], memoryInit, setup: { withData(&$0); $0.module.dataCount = 1 }))
        assertInvalid(function([], [], memoryInit, setup: withData), "data count section required")
    }

    func testTableInstructions() {
        let tables: (inout TestModuleBuilder) -> Void = {
            $0.addTable(.funcRef)
            $0.addTable(.externRef)
            $0.module.elements.append(ElementSegment(type: .externRef, initializers: [], mode: .passive))
        }
        let three: [UInt8] = [0x41, 0x00, 0x41, 0x00, 0x41, 0x00]
        // table.copy 0 0 is fine, table.copy 0 1 mixes funcref and externref.
        assertValid(function([], [], three + [0xFC, 0x0E, 0x00, 0x00], setup: tables))
        assertInvalid(function([], [], three + [0xFC, 0x0E, 0x00, 0x01], setup: tables), "type mismatch")
        // table.init of an externref segment into table 1 (externref) and table 0 (funcref).
        assertValid(function([], [], three + [0xFC, 0x0C, 0x00, 0x01], setup: tables))
        assertInvalid(function([], [], three + [0xFC, 0x0C, 0x00, 0x00], setup: tables), "type mismatch")
        assertInvalid(function([], [], [0xFC, 0x0D, 0x03], setup: tables), "unknown elem segment")
        // table.get 1 produces externref.
        assertValid(function([], [.externref], [0x41, 0x00, 0x25, 0x01], setup: tables))
        assertInvalid(function([], [.funcref], [0x41, 0x00, 0x25, 0x01], setup: tables), "type mismatch")
        // table.grow 0: [funcref i32] -> [i32]
        assertValid(function([], [.i32], [0xD0, funcref, 0x41, 0x01, 0xFC, 0x0F, 0x00], setup: tables))
        assertInvalid(function([], [.i32], [0x41, 0x00, 0x25, 0x05], setup: tables), "unknown table")
    }

    func testReferences() {
        // ref.func needs the function to be declared (here: exported).
        let body: [UInt8] = [0xD2, 0x00, 0xD1]
        assertInvalid(function([], [.i32], body), "undeclared function reference")
        assertValid(function([], [.i32], body, setup: { _ in }).withExport("f", .function, 0))
        // ref.is_null rejects numbers.
        assertInvalid(function([], [.i32], [0x41, 0x00, 0xD1]), "type mismatch")
        assertValid(function([], [.i32], [0x00, 0xD1]))
    }

    func testSIMD() {
        let withMemory: (inout TestModuleBuilder) -> Void = { $0.addMemory() }
        let vector: [UInt8] = [0xFD, 0x0C] + [UInt8](repeating: 0, count: 16)
        // i8x16.extract_lane_s 15 is fine, 16 is not.
        assertValid(function([], [.i32], vector + [0xFD, 0x15, 15]))
        assertInvalid(function([], [.i32], vector + [0xFD, 0x15, 16]), "invalid lane index")
        // f64x2.replace_lane 1 needs an f64.
        assertValid(function([], [.v128], vector + [0x44] + [UInt8](repeating: 0, count: 8) + [0xFD, 0x22, 1]))
        assertInvalid(function([], [.v128], vector + [0x43, 0, 0, 0, 0, 0xFD, 0x22, 1]), "type mismatch")
        // Shuffle lanes must be below 32.
        assertValid(function([], [.v128], vector + vector + [0xFD, 0x0D] + [UInt8](repeating: 31, count: 16)))
        assertInvalid(function([], [.v128], vector + vector + [0xFD, 0x0D] + [UInt8](repeating: 0, count: 15) + [32]),
                      "invalid lane index")
        // v128.load align=4 is natural, 5 is not; v128.load8_splat allows only 0.
        assertValid(function([], [.v128], [0x41, 0x00, 0xFD, 0x00, 0x04, 0x00], setup: withMemory))
        assertInvalid(function([], [.v128], [0x41, 0x00, 0xFD, 0x00, 0x05, 0x00], setup: withMemory),
                      "alignment must not be larger than natural")
        assertInvalid(function([], [.v128], [0x41, 0x00, 0xFD, 0x07, 0x01, 0x00], setup: withMemory),
                      "alignment must not be larger than natural")
        // v128.load32_lane align=2 lane 3 fine, lane 4 not.
        assertValid(function([], [.v128], [0x41, 0x00] + vector + [0xFD, 0x56, 0x02, 0x00, 3], setup: withMemory))
        assertInvalid(function([], [.v128], [0x41, 0x00] + vector + [0xFD, 0x56, 0x02, 0x00, 4], setup: withMemory),
                      "invalid lane index")
        // i32x4.shl: [v128 i32] -> [v128]; i8x16.all_true: [v128] -> [i32]; bitselect: 3 vectors.
        assertValid(function([], [.v128], vector + [0x41, 0x01, 0xFD, 0xAB, 0x01]))
        assertInvalid(function([], [.v128], vector + vector + [0xFD, 0xAB, 0x01]), "type mismatch")
        assertValid(function([], [.i32], vector + [0xFD, 0x63]))
        assertValid(function([], [.v128], vector + vector + vector + [0xFD, 0x52]))
        // i64x2.splat needs an i64.
        assertInvalid(function([], [.v128], [0x41, 0x00, 0xFD, 0x12]), "type mismatch")
    }
}

extension ModuleDefinition {
    /// A copy with one more export (for tests that need C.refs to include a function).
    func withExport(_ name: String, _ kind: ExternalKind, _ index: UInt32) -> ModuleDefinition {
        var copy = self
        copy.exports.append(Export(name: name, kind: kind, index: index))
        return copy
    }
}
