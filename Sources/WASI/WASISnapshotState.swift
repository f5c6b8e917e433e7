import WasmVM

/// The WASI state recorded in a snapshot's "wasi" extension (see Docs/SnapshotFormat.md, "The wasi extension").
///
/// ``WASIContext/snapshotExtension()`` writes it and ``WASIContext/init(restoring:configuration:)`` reads it; it
/// is public so an embedder (the `wasmvm` CLI, a server) can look at what a snapshot was taken with — for
/// example to reuse its arguments or host directories when no new ones are given.
public struct WASISnapshotState: Sendable {
    /// The version of the extension's own byte format; bumped whenever the layout changes.
    public static let formatVersion: UInt32 = 1
    /// The four bytes that start the extension ("wasi"), to tell it from other bytes put under the same name.
    static let magic: [UInt8] = Array("wasi".utf8)

    /// A preopened directory open at snapshot time.
    public struct Preopen: Sendable, Equatable {
        /// The guest's descriptor number (its libc remembers it, so the restored one must have the same number).
        public var descriptor: UInt32
        public var preopen: WASIPreopen
        /// The rights the descriptor had (the guest may have dropped some with `fd_fdstat_set_rights`).
        public var rightsBase: WASIRights
        public var rightsInheriting: WASIRights

        public init(descriptor: UInt32, preopen: WASIPreopen, rightsBase: WASIRights, rightsInheriting: WASIRights) {
            self.descriptor = descriptor
            self.preopen = preopen
            self.rightsBase = rightsBase
            self.rightsInheriting = rightsInheriting
        }
    }

    /// How the context's clock was configured. Informational: a restored context takes its clock from its own
    /// configuration.
    public enum ClockMode: Sendable, Equatable {
        case system
        case deterministic(realtimeStart: UInt64, step: UInt64)
        /// An embedder's closure (which cannot be serialized).
        case custom
    }

    /// How the context's random source was configured. Informational, like ``ClockMode``.
    public enum RandomMode: Sendable, Equatable {
        case system
        case deterministic(seed: UInt64)
        case custom
    }

    public var arguments: [String]
    public var environment: [(name: String, value: String)]
    /// In increasing descriptor order.
    public var preopens: [Preopen]
    public var clock: ClockMode
    public var random: RandomMode

    public init(arguments: [String], environment: [(name: String, value: String)], preopens: [Preopen],
                clock: ClockMode, random: RandomMode) {
        self.arguments = arguments
        self.environment = environment
        self.preopens = preopens
        self.clock = clock
        self.random = random
    }

    /// Decodes a "wasi" extension, rejecting anything damaged, of another version, or claiming rights a
    /// preopen can never have.
    public init(decoding section: SnapshotExtension) throws(WASIConfigurationError) {
        guard section.name == WASIContext.snapshotExtensionName else {
            throw WASIConfigurationError("snapshot extension \"\(section.name)\" is not the WASI extension "
                + "(\"\(WASIContext.snapshotExtensionName)\")")
        }
        var reader = ExtensionReader(bytes: section.bytes)
        guard section.bytes.count >= 8, Array(section.bytes.prefix(4)) == Self.magic else {
            throw ExtensionReader.corrupt("it does not start with the \"wasi\" magic")
        }
        reader.position = 4
        let version = try reader.u32()
        guard version == Self.formatVersion else {
            throw WASIConfigurationError("the snapshot's WASI extension has format version \(version); this "
                + "engine reads version \(Self.formatVersion) (take the snapshot again)")
        }
        arguments = try reader.list { r throws(WASIConfigurationError) in try r.string() }
        environment = try reader.list { r throws(WASIConfigurationError) in
            let entry = try r.string()
            guard let equals = entry.firstIndex(of: "=") else { throw ExtensionReader.corrupt("environment entry without '='") }
            return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
        }
        preopens = try reader.list { r throws(WASIConfigurationError) in
            let descriptor = try r.u32()
            let guestPath = try r.string()
            let hostPath = try r.string()
            let access: WASIPreopen.Access
            switch try r.u8() {
            case 0: access = .readOnly
            case 1: access = .readWrite
            default: throw ExtensionReader.corrupt("unknown preopen access")
            }
            let base = WASIRights(rawValue: try r.u64()), inheriting = WASIRights(rawValue: try r.u64())
            // Rights can only ever have been dropped; a file claiming more is forged or damaged.
            let allowed = WASIContext.preopenRights(access)
            guard allowed.base.isSuperset(of: base), allowed.inheriting.isSuperset(of: inheriting) else {
                throw ExtensionReader.corrupt("preopen \(guestPath) claims rights it cannot have")
            }
            return Preopen(descriptor: descriptor, preopen: WASIPreopen(hostPath: hostPath, guestPath: guestPath, access: access),
                           rightsBase: base, rightsInheriting: inheriting)
        }
        guard zip(preopens, preopens.dropFirst()).allSatisfy({ $0.descriptor < $1.descriptor }) else {
            throw ExtensionReader.corrupt("preopen descriptors are not in increasing order")
        }
        switch try reader.u8() {
        case 0: clock = .system
        case 1: clock = .deterministic(realtimeStart: try reader.u64(), step: try reader.u64())
        case 2: clock = .custom
        default: throw ExtensionReader.corrupt("unknown clock mode")
        }
        switch try reader.u8() {
        case 0: random = .system
        case 1: random = .deterministic(seed: try reader.u64())
        case 2: random = .custom
        default: throw ExtensionReader.corrupt("unknown random mode")
        }
        guard reader.position == section.bytes.count else { throw ExtensionReader.corrupt("trailing bytes") }
    }

    /// The "wasi" extension holding this state.
    public var snapshotExtension: SnapshotExtension {
        var w = ExtensionWriter()
        w.bytes += Self.magic
        w.u32(Self.formatVersion)
        w.u32(UInt32(arguments.count))
        for argument in arguments { w.string(argument) }
        w.u32(UInt32(environment.count))
        for (name, value) in environment { w.string("\(name)=\(value)") }
        w.u32(UInt32(preopens.count))
        for entry in preopens {
            w.u32(entry.descriptor)
            w.string(entry.preopen.guestPath)
            w.string(entry.preopen.hostPath)
            w.u8(entry.preopen.access == .readOnly ? 0 : 1)
            w.u64(entry.rightsBase.rawValue)
            w.u64(entry.rightsInheriting.rawValue)
        }
        switch clock {
        case .system: w.u8(0)
        case .deterministic(let start, let step):
            w.u8(1)
            w.u64(start)
            w.u64(step)
        case .custom: w.u8(2)
        }
        switch random {
        case .system: w.u8(0)
        case .deterministic(let seed):
            w.u8(1)
            w.u64(seed)
        case .custom: w.u8(2)
        }
        return SnapshotExtension(name: WASIContext.snapshotExtensionName, bytes: w.bytes)
    }
}

extension WASISnapshotState: Equatable {
    public static func == (a: WASISnapshotState, b: WASISnapshotState) -> Bool {
        a.arguments == b.arguments && a.environment.map(\.name) == b.environment.map(\.name)
            && a.environment.map(\.value) == b.environment.map(\.value) && a.preopens == b.preopens
            && a.clock == b.clock && a.random == b.random
    }
}

/// Little-endian fields and length-prefixed UTF-8 strings.
private struct ExtensionWriter {
    var bytes: [UInt8] = []
    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func string(_ value: String) {
        u32(UInt32(value.utf8.count))
        bytes += value.utf8
    }
}

/// Reads what ``ExtensionWriter`` wrote; every length is checked against the bytes that remain, so damaged
/// input is an error, never a huge allocation or a crash.
private struct ExtensionReader {
    let bytes: [UInt8]
    var position = 0

    static func corrupt(_ detail: String) -> WASIConfigurationError {
        WASIConfigurationError("the snapshot's WASI extension is corrupt: \(detail)")
    }

    private mutating func take(_ count: Int) throws(WASIConfigurationError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else { throw Self.corrupt("it ends early") }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func u8() throws(WASIConfigurationError) -> UInt8 { try take(1).first! }

    mutating func u32() throws(WASIConfigurationError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(WASIConfigurationError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func string() throws(WASIConfigurationError) -> String {
        let raw = try take(Int(try u32()))
        guard let text = String(validating: raw, as: UTF8.self) else { throw Self.corrupt("a string is not UTF-8") }
        return text
    }

    /// A count-prefixed list; the count cannot exceed the bytes left (every element takes at least one).
    mutating func list<T>(_ element: (inout ExtensionReader) throws(WASIConfigurationError) -> T) throws(WASIConfigurationError) -> [T] {
        let count = Int(try u32())
        guard count <= bytes.count - position else { throw Self.corrupt("a count exceeds the bytes left") }
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try element(&self)) }
        return items
    }
}
