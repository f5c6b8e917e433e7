/// Lane views of a ``V128``.
///
/// A `V128` is two little-endian `UInt64` halves; Swift's `SIMDn<Scalar>` types of 16 bytes store lane 0 at the
/// lowest address. On a little-endian host (x86-64, arm64: the only hosts WasmVM supports) the bytes of
/// `V128(low:high:)` in memory are exactly the vector's bytes in WebAssembly lane order, so reinterpreting
/// between the two is a plain 16-byte copy and lane `i` of the view is WebAssembly lane `i`. A test checks
/// this layout.
extension V128 {
    /// The vector reinterpreted as 16-byte SIMD lanes (`SIMD16<UInt8>`, `SIMD4<Float>`, …).
    @inline(__always) init<Lanes: SIMD>(lanes: Lanes) {
        self = unsafeBitCast(lanes, to: V128.self)
    }

    /// The vector reinterpreted as `Lanes`; `Lanes` must be 16 bytes (checked by `unsafeBitCast`).
    @inline(__always) func lanes<Lanes: SIMD>(_: Lanes.Type = Lanes.self) -> Lanes {
        unsafeBitCast(self, to: Lanes.self)
    }
}
