import Foundation
import WASI
import WasmVM

/// One instance of a WASI reactor in a store of its own, with a WASI context whose stdout and stderr are
/// captured: the unit the "live versus restored" tests compare.
///
/// A restored instance gets a context built with ``WASIContext/init(restoring:configuration:)`` from the
/// snapshot's "wasi" extension, as an embedder restoring a warmed-up guest would.
struct WASIGuestInstance {
    let instance: Instance
    let context: WASIContext
    let stdout: WASIOutputBuffer
    let stderr: WASIOutputBuffer

    private static func configuration(_ stdout: WASIOutputBuffer, _ stderr: WASIOutputBuffer) -> WASIConfiguration {
        WASIConfiguration(arguments: ["guest"], stdout: .buffer(stdout), stderr: .buffer(stderr))
    }

    private static func imports(of context: WASIContext) -> Imports {
        var imports = Imports()
        context.define(into: &imports)
        return imports
    }

    /// A fresh instance, initialized (`_initialize` has run).
    static func instantiate(_ module: Module) throws -> WASIGuestInstance {
        let stdout = WASIOutputBuffer(), stderr = WASIOutputBuffer()
        let context = try WASIContext(configuration(stdout, stderr))
        let instance = try Store().instantiate(module, imports: imports(of: context))
        _ = try instance.call("_initialize")
        return WASIGuestInstance(instance: instance, context: context, stdout: stdout, stderr: stderr)
    }

    /// An instance restored from `template` into a new store, with a context restored from its "wasi" extension.
    static func restore(_ template: SnapshotTemplate) throws -> WASIGuestInstance {
        guard let state = template.extensions.first(where: { $0.name == WASIContext.snapshotExtensionName }) else {
            throw SnapshotError.corrupt("the snapshot has no \"wasi\" extension")
        }
        let stdout = WASIOutputBuffer(), stderr = WASIOutputBuffer()
        let context = try WASIContext(restoring: state, configuration: configuration(stdout, stderr))
        let instance = try Store().restore(template, imports: imports(of: context))
        return WASIGuestInstance(instance: instance, context: context, stdout: stdout, stderr: stderr)
    }

    /// Snapshots the instance with its WASI context, serializes the file (copies its bytes, as reading it back
    /// from disk would) and verifies it into a template.
    func snapshot() throws -> SnapshotTemplate {
        let snapshot = try instance.snapshot(extensions: [try context.snapshotExtension()])
        return try SnapshotTemplate(Snapshot(bytes: Array(Data(snapshot.bytes))), module: instance.module)
    }

    /// Calls an export and returns its results together with the stdout text it produced.
    func run(_ name: String, _ arguments: [Value] = []) throws -> (results: [Value], stdout: String) {
        let before = stdout.bytes.count
        let results = try instance.call(name, arguments)
        return (results, String(decoding: stdout.bytes.dropFirst(before), as: UTF8.self))
    }
}
