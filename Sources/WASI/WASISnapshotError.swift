/// Why a WASI context's state cannot go into a snapshot.
///
/// A snapshot records what a restored instance needs to find its world again — arguments, environment, the
/// preopened directories — but not live host objects: an open file has a position and a socket has a peer,
/// and neither can be brought back in another process. The guest must close them before the snapshot is taken.
public enum WASISnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A descriptor other than standard input/output/error and the preopened directories is open.
    case openDescriptor(number: UInt32, filetype: WASIFiletype)

    public var description: String {
        switch self {
        case .openDescriptor(let number, let filetype):
            "cannot snapshot the WASI context: descriptor \(number) (\(Self.describe(filetype))) is open; only "
                + "standard I/O and preopened directories can be captured, so the guest must close it first"
        }
    }

    private static func describe(_ filetype: WASIFiletype) -> String {
        switch filetype {
        case .regularFile: "an open file"
        case .directory: "an open directory"
        case .socketStream, .socketDatagram: "a socket"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .symbolicLink: "a symbolic link"
        case .unknown: "a pipe or stream"
        }
    }
}
