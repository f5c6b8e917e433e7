/// A name compared byte for byte.
///
/// Swift's `String` equality and hashing follow Unicode canonical equivalence, so "Å" (U+00C5) and "Å"
/// (A + U+030A) would be the same key. WebAssembly names are compared as UTF-8 byte sequences, so import
/// and export lookups key on the bytes.
struct ExactName: Hashable {
    let bytes: [UInt8]
    init(_ string: String) { bytes = Array(string.utf8) }
}
