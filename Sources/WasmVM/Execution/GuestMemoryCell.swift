/// The cell of a guest memory access: `memory + address`, viewed as a `T`. Loads and stores of the dispatch
/// read and write through it (`guestCell(memory, address, UInt32.self).pointee`), after their bounds check.
///
/// Why not `UnsafeMutableRawPointer.loadUnaligned(fromByteOffset:as:)` / `storeBytes(of:toByteOffset:as:)`:
/// those are ordinary generic stdlib functions, and in a function as large as the dispatch loop the optimiser
/// stops inlining them. Every Wasm load and store then became a real call (`push rbp; mov; pop rbp; ret`)
/// that also forced the loop's live values out of caller-saved registers — 11 % of `matmul`'s profile was in
/// those two functions alone. `@_transparent` makes the compiler inline this before any heuristic runs, and a
/// typed pointer's `pointee` is itself transparent, so the access is a single `mov` in every configuration.
///
/// Wasm addresses need not be aligned. The typed access is still a plain scalar load/store, which x86-64 and
/// AArch64 perform at any alignment; nothing here lets the compiler combine it into an alignment-requiring
/// vector access (v128 accesses go through `Interpreter.simdLoad`/`storeBits` and two 8-byte halves).
@_transparent
func guestCell<T>(_ memory: UnsafeMutableRawPointer, _ address: UInt64, _ type: T.Type) -> UnsafeMutablePointer<T> {
    (memory + Int(truncatingIfNeeded: address)).assumingMemoryBound(to: T.self)
}
