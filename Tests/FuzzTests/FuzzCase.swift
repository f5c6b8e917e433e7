/// The reference tools' verdicts for one corpus module, as `Scripts/fuzz/generate.py` writes them (`K.json`).
///
/// Plain optionals instead of enums with associated values: the file is written by Python, and a flat shape
/// keeps the decoding obvious and the schema documented in one place (the script's docstring).
struct FuzzCase: Decodable {
    var file: String
    /// How the module was made: the smith mode and seed, or the base spec binary and the mutation steps.
    var origin: String
    /// `wasm-tools validate --features wasm2` accepted it.
    var valid: Bool
    var validatorMessage: String
    var hasImports: Bool
    /// NaN results are canonical, so the final memory/global state is comparable bit for bit.
    var nanDeterministic: Bool
    /// The reference run under wasmtime, for valid modules without imports.
    var run: ReferenceRun?
}

struct ReferenceRun: Decodable {
    var instantiation: ReferenceOutcome
    var calls: [ReferenceCall]
    /// Exported state after the last call; nil when some call left the engines' states legitimately apart.
    var state: ExportedState?
}

struct ReferenceCall: Decodable {
    var export: String
    var args: [EncodedValue]
    var outcome: ReferenceOutcome
}

/// `kind` is one of "ok", "results", "trap", "error", "skipped".
struct ReferenceOutcome: Decodable {
    var kind: String
    var values: [EncodedValue]?
    var trap: String?
    var message: String?
}

/// A value as the reference engine reported it. Floats are bit patterns, except NaNs, which only say "NaN"
/// (the Python binding hands floats over as doubles, so a payload would not survive anyway).
struct EncodedValue: Decodable, CustomStringConvertible {
    var type: String
    var bits: String?
    var nan: Bool?
    var null: Bool?

    var description: String {
        if nan == true { return "\(type):nan" }
        if let null { return "\(type):\(null ? "null" : "non-null")" }
        return "\(type):\(bits ?? "?")"
    }
}

struct ExportedState: Decodable {
    struct GlobalValue: Decodable { var export: String; var value: EncodedValue }
    struct MemoryDigest: Decodable { var export: String; var pages: Int; var crc32: UInt32 }
    struct TableSize: Decodable { var export: String; var size: Int }
    var globals: [GlobalValue]
    var memories: [MemoryDigest]
    var tables: [TableSize]
}

/// `manifest.json`: the case names in order, and the limits the reference run used.
struct FuzzManifest: Decodable {
    var cases: [String]
    var lost: [String]
    /// wasmtime fuel per call (roughly instructions).
    var fuel: UInt64
    /// The per-memory page cap both engines enforce.
    var memoryPages: Int
    var seed: Int
}
