import ArgumentParser
import WasmVM

/// `wasmvm inspect FILE`: prints a module's sections, imports, exports and entity counts.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a module's sections, imports, exports and custom sections.")

    @Argument(help: "The .wasm file.")
    var file: String

    func run() throws {
        let bytes = try ModuleFile.bytes(at: file)
        let module = try ModuleFile.module(at: file)
        let layout = SectionLayout(bytes: bytes)

        print("\(file): \(bytes.count) bytes" + (module.name.map { ", module name \"\($0)\"" } ?? ""))
        print("sections:")
        for section in layout.sections {
            print("  \(pad(section.name, 28)) offset \(pad(String(section.offset), 9)) size \(section.size)")
        }

        let imports = module.imports
        print("imports: \(imports.count)")
        var importedFunctionIndex: UInt32 = 0
        for entry in imports {
            let type: String
            switch entry.descriptor {
            case .function:
                type = "func " + (module.functionType(at: importedFunctionIndex).map(\.description) ?? "?")
                importedFunctionIndex += 1
            case .table(let table): type = describe(table)
            case .memory(let memory): type = describe(memory)
            case .global(let global): type = describe(global)
            }
            print("  \"\(entry.module)\".\"\(entry.name)\": \(type)")
        }

        let importedTables = imports.compactMap { if case .table(let t) = $0.descriptor { t } else { nil } }
        let importedMemories = imports.compactMap { if case .memory(let m) = $0.descriptor { m } else { nil } }
        let importedGlobals = imports.compactMap { if case .global(let g) = $0.descriptor { g } else { nil } }
        let tables = importedTables + layout.definedTables
        let memories = importedMemories + layout.definedMemories
        let globals = importedGlobals + layout.definedGlobals

        print("exports: \(module.exports.count)")
        for export in module.exports {
            let index = Int(export.index)
            let type: String
            switch export.kind {
            case .function: type = "func \(export.index) " + (module.functionType(at: export.index).map(\.description) ?? "?")
            case .table: type = index < tables.count ? describe(tables[index]) : "table \(index)"
            case .memory: type = index < memories.count ? describe(memories[index]) : "memory \(index)"
            case .global: type = index < globals.count ? describe(globals[index]) : "global \(index)"
            }
            print("  \"\(export.name)\": \(type)")
        }

        print("functions: \(module.functionCount) (\(Int(importedFunctionIndex)) imported)")
        print("tables: \(tables.count) (\(importedTables.count) imported)")
        print("memories: \(memories.count) (\(importedMemories.count) imported)")
        print("globals: \(globals.count) (\(importedGlobals.count) imported)")

        let custom = module.customSections
        print("custom sections: \(custom.count)")
        for section in custom {
            print("  \"\(section.name)\": \(section.range.count) bytes")
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func describe(_ limits: Limits) -> String {
        "\(limits.min)" + (limits.max.map { "..\($0)" } ?? "..")
    }

    private func describe(_ table: TableType) -> String {
        "table \(ValueType.ref(table.elementType)) \(describe(table.limits))"
    }

    private func describe(_ memory: MemoryType) -> String { "memory \(describe(memory.limits)) pages" }

    private func describe(_ global: GlobalType) -> String {
        "global \(global.mutability == .variable ? "mut " : "")\(global.valueType)"
    }
}
