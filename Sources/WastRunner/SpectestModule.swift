import WasmVM

/// The `spectest` host module every spec script may import from: print functions, four constant globals, a
/// table and a memory, with the types the reference interpreter gives them.
///
/// Each entity is created once per store and defined as an existing external value (not as a fresh host
/// function per import), so two modules importing `spectest.print` see the same function, as they do in the
/// reference interpreter.
enum SpectestModule {
    static let name = "spectest"

    /// Defines the spectest entities in `imports`, allocating them in `store`. The print functions print nothing:
    /// spec scripts call them only to exercise imports, and output would drown the test report.
    static func define(in imports: inout Imports, store: Store) throws(InstantiationError) {
        let printers: [(String, [ValueType])] = [
            ("print", []),
            ("print_i32", [.i32]),
            ("print_i64", [.i64]),
            ("print_f32", [.f32]),
            ("print_f64", [.f64]),
            ("print_i32_f32", [.i32, .f32]),
            ("print_f64_f64", [.f64, .f64]),
        ]
        for (field, parameters) in printers {
            let function = store.function(HostFunction(parameters: parameters) { _, _ in [] })
            imports.define(module: name, name: field, .function(function))
        }

        let globals: [(String, Value)] = [
            ("global_i32", .i32(666)),
            ("global_i64", .i64(666)),
            ("global_f32", .float(666.6)),
            ("global_f64", .double(666.6)),
        ]
        for (field, value) in globals {
            let global = store.global(GlobalType(mutability: .constant, valueType: value.type), value: value)
            imports.define(module: name, name: field, .global(global))
        }

        let table = try store.table(TableType(elementType: .funcRef, limits: Limits(min: 10, max: 20)))
        imports.define(module: name, name: "table", .table(table))
        let memory = try store.memory(MemoryType(limits: Limits(min: 1, max: 2)))
        imports.define(module: name, name: "memory", .memory(memory))
    }
}
