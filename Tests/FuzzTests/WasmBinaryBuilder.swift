/// Just enough of the binary format to write the hand-made pathological modules of
/// ``PathologicalModuleTests``: sizes and counts no fuzzer reaches by chance, written directly as bytes (the
/// text format would need a tool, and some of these modules are deliberately malformed).
enum WasmBinary {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    static func uleb(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    static func sleb(_ value: Int64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while true {
            let byte = UInt8(value & 0x7F)
            value >>= 7
            if (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0) {
                bytes.append(byte)
                return bytes
            }
            bytes.append(byte | 0x80)
        }
    }

    static func section(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] {
        [id] + uleb(UInt64(contents.count)) + contents
    }

    static func vector(_ items: [[UInt8]]) -> [UInt8] {
        uleb(UInt64(items.count)) + items.flatMap { $0 }
    }

    static func name(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return uleb(UInt64(bytes.count)) + bytes
    }

    /// `(func (param ...) (result ...))` with value type bytes (0x7F i32, 0x7E i64, 0x7D f32, 0x7C f64).
    static func functionType(_ parameters: [UInt8], _ results: [UInt8]) -> [UInt8] {
        [0x60] + vector(parameters.map { [$0] }) + vector(results.map { [$0] })
    }

    /// A function body: local declarations as (count, type) groups, then the code, which must end with `end`.
    static func body(locals: [(UInt64, UInt8)] = [], _ code: [UInt8]) -> [UInt8] {
        let contents = vector(locals.map { uleb($0.0) + [$0.1] }) + code
        return uleb(UInt64(contents.count)) + contents
    }

    /// A module of functions of the given types (indices into `types`), each exported as "f<index>".
    static func module(
        types: [[UInt8]], functions: [UInt32], bodies: [[UInt8]], imports: [[UInt8]] = [],
        importedFunctionCount: Int = 0, memory: [UInt8]? = nil, table: [UInt8]? = nil, extraExports: [[UInt8]] = []
    ) -> [UInt8] {
        var bytes = header
        bytes += section(1, vector(types))
        if !imports.isEmpty { bytes += section(2, vector(imports)) }
        bytes += section(3, vector(functions.map { uleb(UInt64($0)) }))
        if let table { bytes += section(4, vector([table])) }
        if let memory { bytes += section(5, vector([memory])) }
        let exports = functions.indices.map { i in
            name("f\(i)") + [0x00] + uleb(UInt64(importedFunctionCount + i))
        } + extraExports
        bytes += section(7, vector(exports))
        bytes += section(10, vector(bodies))
        return bytes
    }
}
