import XCTest
@testable import WasmVM

/// Each section decoded from hand-made binaries.
final class ModuleDecoderSectionTests: XCTestCase {
    typealias B = DecoderTestBinary

    func testEmptyModule() throws {
        let module = try ModuleDecoder.decode(B.header)
        XCTAssertTrue(module.types.isEmpty)
        XCTAssertEqual(module.bytes, B.header)
    }

    func testTypeSection() throws {
        let bytes = B.module(B.section(1, B.vector([
            [0x60, 0x00, 0x00],
            [0x60] + B.vector([[0x7F], [0x7E], [0x7D], [0x7C], [0x7B], [0x70], [0x6F]]) + B.vector([[0x7F], [0x7E]]),
        ])))
        let module = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(module.types, [
            FunctionType(),
            FunctionType(parameters: [.i32, .i64, .f32, .f64, .v128, .funcref, .externref], results: [.i32, .i64]),
        ])
    }

    func testImportSectionAndIndexSpaces() throws {
        let imports = B.vector([
            B.name("env") + B.name("f") + [0x00, 0x00],
            B.name("env") + B.name("t") + [0x01, 0x70, 0x01, 0x01, 0x05],
            B.name("env") + B.name("m") + [0x02, 0x00, 0x02],
            B.name("env") + B.name("g") + [0x03, 0x7E, 0x01],
        ])
        let bytes = B.module(
            B.emptyFunctionType, B.section(2, imports), B.section(3, B.vector([[0x00]])),
            B.section(10, B.vector([B.body([0x0B])])))
        let module = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(module.imports.map(\.name), ["f", "t", "m", "g"])
        XCTAssertEqual(module.imports[0].descriptor, .function(typeIndex: 0))
        XCTAssertEqual(module.imports[1].descriptor, .table(TableType(elementType: .funcRef, limits: Limits(min: 1, max: 5))))
        XCTAssertEqual(module.imports[2].descriptor, .memory(MemoryType(limits: Limits(min: 2))))
        XCTAssertEqual(module.imports[3].descriptor, .global(GlobalType(mutability: .variable, valueType: .i64)))
        XCTAssertEqual(module.importedFunctionCount, 1)
        XCTAssertEqual(module.functionTypeIndexSpace, [0, 0])
        XCTAssertEqual(module.tableTypeIndexSpace.count, 1)
        XCTAssertEqual(module.memoryTypeIndexSpace.count, 1)
        XCTAssertEqual(module.globalTypeIndexSpace, [GlobalType(mutability: .variable, valueType: .i64)])
    }

    func testTableMemoryGlobalExportStart() throws {
        let bytes = B.module(
            B.emptyFunctionType,
            B.section(3, B.vector([[0x00], [0x00]])),
            B.section(4, B.vector([[0x70, 0x00, 0x03], [0x6F, 0x01, 0x00, 0x0A]])),
            B.section(5, B.vector([[0x01, 0x01, 0x80, 0x02]])),
            B.section(6, B.vector([
                [0x7F, 0x00, 0x41] + B.s64(-5) + [0x0B],
                [0x7C, 0x01, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0B],
                [0x70, 0x00, 0xD0, 0x70, 0x0B],
                [0x7F, 0x00, 0x23, 0x00, 0x0B],
            ])),
            B.section(7, B.vector([B.name("run") + [0x00, 0x01], B.name("mem") + [0x02, 0x00]])),
            B.section(8, [0x01]),
            B.section(10, B.vector([B.body([0x0B]), B.body([0x0B])])))
        let module = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(module.tables, [
            TableType(elementType: .funcRef, limits: Limits(min: 3)),
            TableType(elementType: .externRef, limits: Limits(min: 0, max: 10)),
        ])
        XCTAssertEqual(module.memories, [MemoryType(limits: Limits(min: 1, max: 256))])
        XCTAssertEqual(module.globals.map(\.type.valueType), [.i32, .f64, .funcref, .i32])
        XCTAssertEqual(module.globals[0].initializer.instructions, [.i32Const(UInt32(bitPattern: -5))])
        XCTAssertEqual(module.globals[1].initializer.instructions, [.f64Const(0x3FF0_0000_0000_0000)])
        XCTAssertEqual(module.globals[1].type.mutability, .variable)
        XCTAssertEqual(module.globals[2].initializer.instructions, [.refNull(.funcRef)])
        XCTAssertEqual(module.globals[3].initializer.instructions, [.globalGet(0)])
        XCTAssertEqual(module.exports, [
            Export(name: "run", kind: .function, index: 1), Export(name: "mem", kind: .memory, index: 0),
        ])
        XCTAssertEqual(module.start, 1)
        XCTAssertEqual(module.functionBodies.count, 2)
    }

    func testAllEightElementSegmentEncodings() throws {
        let offset: [UInt8] = [0x41, 0x02, 0x0B]
        let functionIndices = B.vector([[0x00], [0x01]])
        let expressions = B.vector([[0xD2, 0x01, 0x0B], [0xD0, 0x70, 0x0B]])
        let segments: [[UInt8]] = [
            [0x00] + offset + functionIndices,
            [0x01, 0x00] + functionIndices,
            [0x02, 0x01] + offset + [0x00] + functionIndices,
            [0x03, 0x00] + functionIndices,
            [0x04] + offset + expressions,
            [0x05, 0x6F] + B.vector([[0xD0, 0x6F, 0x0B]]),
            [0x06, 0x80, 0x00] + offset + [0x70] + expressions,  // table index 0 in a two-byte LEB128
            [0x07, 0x70] + expressions,
        ]
        let bytes = B.module(
            B.emptyFunctionType, B.section(3, B.vector([[0x00], [0x00]])),
            B.section(4, B.vector([[0x70, 0x00, 0x03], [0x70, 0x00, 0x03]])),
            B.section(9, B.vector(segments)),
            B.section(10, B.vector([B.body([0x0B]), B.body([0x0B])])))
        let module = try ModuleDecoder.decode(bytes)
        let elements = module.elements
        XCTAssertEqual(elements.count, 8)
        let offsetExpression = ConstantExpression(instructions: [.i32Const(2)])
        let indexItems = [ConstantExpression(instructions: [.refFunc(0)]), ConstantExpression(instructions: [.refFunc(1)])]
        let expressionItems = [ConstantExpression(instructions: [.refFunc(1)]), ConstantExpression(instructions: [.refNull(.funcRef)])]
        XCTAssertEqual(elements[0], ElementSegment(type: .funcRef, initializers: indexItems, mode: .active(table: 0, offset: offsetExpression)))
        XCTAssertEqual(elements[1], ElementSegment(type: .funcRef, initializers: indexItems, mode: .passive))
        XCTAssertEqual(elements[2], ElementSegment(type: .funcRef, initializers: indexItems, mode: .active(table: 1, offset: offsetExpression)))
        XCTAssertEqual(elements[3], ElementSegment(type: .funcRef, initializers: indexItems, mode: .declarative))
        XCTAssertEqual(elements[4], ElementSegment(type: .funcRef, initializers: expressionItems, mode: .active(table: 0, offset: offsetExpression)))
        XCTAssertEqual(elements[5], ElementSegment(type: .externRef, initializers: [ConstantExpression(instructions: [.refNull(.externRef)])], mode: .passive))
        XCTAssertEqual(elements[6], ElementSegment(type: .funcRef, initializers: expressionItems, mode: .active(table: 0, offset: offsetExpression)))
        XCTAssertEqual(elements[7], ElementSegment(type: .funcRef, initializers: expressionItems, mode: .declarative))
    }

    func testElementSegmentErrors() {
        func module(_ segment: [UInt8]) -> [UInt8] {
            B.module(B.section(4, B.vector([[0x70, 0x00, 0x01]])), B.section(9, B.vector([segment])))
        }
        B.assertMalformed(module([0x08, 0x00]), "malformed elements segment kind")
        B.assertMalformed(module([0x01, 0x01, 0x00]), "malformed element kind")
        B.assertMalformed(module([0x05, 0x7F, 0x00]), "malformed reference type")
        B.assertMalformed(module([0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B]), "illegal opcode")
    }

    func testAllThreeDataSegmentEncodings() throws {
        let bytes = B.module(
            B.section(5, B.vector([[0x00, 0x01]])),
            B.section(12, [0x03]),
            B.section(11, B.vector([
                [0x00, 0x41, 0x08, 0x0B, 0x01, 0x62],
                [0x01, 0x03, 0x78, 0x79, 0x7A],
                [0x02, 0x00, 0x41, 0x10, 0x0B, 0x00],
            ])))
        let module = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(module.dataCount, 3)
        XCTAssertEqual(module.data.count, 3)
        guard module.data.count == 3 else { return }
        XCTAssertEqual(module.data[0].mode, .active(memory: 0, offset: ConstantExpression(instructions: [.i32Const(8)])))
        XCTAssertEqual(Array(module.bytes[module.data[0].range]), [0x62])
        XCTAssertEqual(module.data[1].mode, .passive)
        XCTAssertEqual(Array(module.bytes[module.data[1].range]), [0x78, 0x79, 0x7A])
        XCTAssertEqual(module.data[2].mode, .active(memory: 0, offset: ConstantExpression(instructions: [.i32Const(16)])))
        XCTAssertTrue(module.data[2].range.isEmpty)
        B.assertMalformed(B.module(B.section(11, B.vector([[0x03, 0x00]]))), "malformed data segment kind")
    }

    func testCodeSectionKeepsLocalsAndByteRange() throws {
        let code: [UInt8] = [0x20, 0x00, 0x21, 0x01, 0x0B]
        let bytes = B.moduleWithFunction(code, locals: [(2, 0x7F), (0, 0x7E), (1, 0x7B)])
        let module = try ModuleDecoder.decode(bytes)
        let body = try XCTUnwrap(module.functionBodies.first)
        XCTAssertEqual(body.locals, [LocalDeclaration(count: 2, type: .i32), LocalDeclaration(count: 1, type: .v128)])
        XCTAssertEqual(Array(module.bytes[body.code]), code)
        XCTAssertEqual(body.code.upperBound, bytes.count)
    }

    func testCustomSectionsAnywhereAndNameSection() throws {
        let functionNames = B.vector([[0x00] + B.name("first"), [0x01] + B.name("second")])
        let nameSection = B.name("name")
            + B.section(0, B.name("demo"))
            + B.section(1, functionNames)
            + B.section(2, [0x00])  // local names: skipped
        let bytes = B.module(
            B.section(0, B.name("before") + [1, 2, 3]),
            B.emptyFunctionType,
            B.section(0, B.name("between")),
            B.section(3, B.vector([[0x00], [0x00]])),
            B.section(10, B.vector([B.body([0x0B]), B.body([0x0B])])),
            B.section(0, nameSection))
        let module = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(module.customSections.map(\.name), ["before", "between", "name"])
        XCTAssertEqual(Array(module.bytes[module.customSections[0].range]), [1, 2, 3])
        XCTAssertEqual(module.names.moduleName, "demo")
        XCTAssertEqual(module.names.functionNames, [0: "first", 1: "second"])
    }

    func testMalformedNameSectionIsIgnored() throws {
        let truncated = B.name("name") + [0x01, 0x05, 0x01, 0x00]  // subsection claims 5 bytes, has 2
        let badUTF8 = B.name("name") + B.section(0, [0x01, 0xFF])
        for payload in [truncated, badUTF8] {
            let module = try ModuleDecoder.decode(B.module(B.section(0, payload)))
            XCTAssertNil(module.names.moduleName)
            XCTAssertTrue(module.names.functionNames.isEmpty)
            XCTAssertEqual(module.customSections.map(\.name), ["name"])
        }
    }

    func testDataCountSection() throws {
        // memory.init and data.drop decode when a data count section is present.
        let code: [UInt8] = [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0xFC, 0x09, 0x00, 0x0B]
        var bytes = B.header + B.emptyFunctionType + B.section(3, B.vector([[0x00]]))
            + B.section(5, B.vector([[0x00, 0x01]])) + B.section(12, [0x01])
            + B.section(10, B.vector([B.body(code)]))
        bytes += B.section(11, B.vector([[0x01, 0x00]]))
        XCTAssertEqual(try ModuleDecoder.decode(bytes).dataCount, 1)
    }
}
