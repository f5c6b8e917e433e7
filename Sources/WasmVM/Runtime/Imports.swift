/// An entity that can be imported or exported.
public enum ExternalValue {
    case function(Function)
    case table(Table)
    case memory(Memory)
    case global(Global)

    public var kind: ExternalKind {
        switch self {
        case .function: .function
        case .table: .table
        case .memory: .memory
        case .global: .global
        }
    }
}

/// The values a module's imports are resolved against, by module and field name.
///
/// ```swift
/// var imports = Imports()
/// imports.define(module: "env", name: "now", HostFunction(results: [.i64]) { _, _ in [.i64(42)] })
/// imports.define(module: "lib", exportsOf: libraryInstance)   // every export of another instance
/// let instance = try store.instantiate(module, imports: imports)
/// ```
public struct Imports {
    enum Definition {
        case external(ExternalValue)
        case host(HostFunction)
    }

    var definitions: [ExactName: [ExactName: Definition]] = [:]

    public init() {}

    /// Defines an import to be an existing function, table, memory or global.
    public mutating func define(module: String, name: String, _ value: ExternalValue) {
        definitions[ExactName(module), default: [:]][ExactName(name)] = .external(value)
    }

    /// Defines an import to be a host function.
    public mutating func define(module: String, name: String, _ function: HostFunction) {
        definitions[ExactName(module), default: [:]][ExactName(name)] = .host(function)
    }

    /// Defines every export of `instance` under the module name `module` (the spec's `register`).
    public mutating func define(module: String, exportsOf instance: Instance) {
        for export in instance.exports {
            if let value = instance.export(export.name) { define(module: module, name: export.name, value) }
        }
    }

    func lookup(module: String, name: String) -> Definition? { definitions[ExactName(module)]?[ExactName(name)] }
}
