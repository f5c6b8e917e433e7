import CZstd
import Foundation
import WasmVM
import XCTest

/// Payloads that pass the checksum but were written wrongly (a forged file, or a bug in a writer): decoding
/// must reject them with `.corrupt` or produce a well-formed instance — never crash or read out of bounds.
final class ForgedPayloadTests: XCTestCase {
    private func decompress(_ snapshot: Snapshot) -> [UInt8] {
        let compressed = Array(snapshot.bytes[64..<snapshot.bytes.count - 32])
        let size = Int(ZSTD_getFrameContentSize(compressed, compressed.count))
        var payload = [UInt8](repeating: 0, count: size)
        let produced = payload.withUnsafeMutableBytes { ZSTD_decompress($0.baseAddress, size, compressed, compressed.count) }
        XCTAssertEqual(produced, size)
        return payload
    }

    /// A correctly sealed file around `payload`, with the original header's identity fields.
    private func forge(_ original: Snapshot, payload: [UInt8]) -> Snapshot {
        let bound = ZSTD_compressBound(payload.count)
        var compressed = [UInt8](repeating: 0, count: bound)
        let written = compressed.withUnsafeMutableBytes { ZSTD_compress($0.baseAddress, bound, payload, payload.count, 1) }
        compressed.removeSubrange(written...)
        var file = Array(original.bytes[0..<48])
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { file.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(compressed.count).littleEndian) { file.append(contentsOf: $0) }
        file += compressed
        file += SHA256.hash(file)
        return Snapshot(bytes: file)
    }

    func testForgedPayloadsAreRejectedOrRestoreSafely() throws {
        let module = try compileWat(statefulModuleText)
        let live = try Store().instantiate(module, imports: TickRecorder().imports)
        _ = try live.call("bump")
        _ = try live.call("init_passive")
        let snapshot = try live.snapshot(extensions: [SnapshotExtension(name: "wasi", bytes: [1, 2, 3])])
        let payload = decompress(snapshot)

        // The unmodified payload, re-sealed, restores.
        XCTAssertNoThrow(try SnapshotTemplate(forge(snapshot, payload: payload), module: module))

        var generator = SystemRandomNumberGenerator()
        var rejected = 0, accepted = 0
        for iteration in 0..<400 {
            var mutated = payload
            switch iteration % 4 {
            case 0:  // flip one byte
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            case 1:  // truncate
                mutated.removeSubrange(Int.random(in: 0..<mutated.count, using: &generator)...)
            case 2:  // large value in a random 8-byte field
                let at = Int.random(in: 0..<(mutated.count - 8), using: &generator)
                for i in 0..<8 { mutated[at + i] = i == 7 ? 0x7F : 0xFF }
            default:  // insert garbage
                mutated.insert(contentsOf: (0..<Int.random(in: 1...16, using: &generator)).map { _ in UInt8.random(in: 0...255) },
                               at: Int.random(in: 0..<mutated.count, using: &generator))
            }
            do {
                let template = try SnapshotTemplate(forge(snapshot, payload: mutated), module: module)
                accepted += 1
                // Whatever was accepted is a well-formed instance: calls run or trap, nothing crashes.
                let instance = try Store().restore(template, imports: TickRecorder().imports)
                for name in ["counter", "mem", "bump"] { _ = try? instance.call(name) }
                for slot in 0..<5 { _ = try? instance.call("call", [.i32(UInt32(slot))]) }
            } catch {
                rejected += 1
                XCTAssertTrue(Self.isCorrupt(error), "iteration \(iteration): unexpected \(error)")
            }
        }
        XCTAssertGreaterThan(rejected, 0)
        XCTAssertGreaterThan(accepted, 0)
        print("forged payloads: \(rejected) rejected as corrupt, \(accepted) decoded to well-formed state")
    }

    private static func isCorrupt(_ error: any Error) -> Bool {
        if case .corrupt? = error as? SnapshotError { return true }
        return false
    }
}
