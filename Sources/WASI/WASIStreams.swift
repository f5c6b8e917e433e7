/// Where a guest's standard input comes from.
///
/// Deny-by-default: the configuration's default is ``null``, which reads as an empty stream.
public enum WASIInputStream: Sendable {
    /// Reads as an empty stream.
    case null
    /// The host process's own standard input.
    case inherit
    /// A host file descriptor (pipe, file, terminal); it is duplicated, so the embedder keeps ownership of its own.
    case hostFileDescriptor(Int32)
    /// A host file, opened read-only when the context is created.
    case file(path: String)
    /// Fixed bytes (a request body, a test's input).
    case bytes([UInt8])
    /// Bytes pulled from the embedder's reader as the guest reads (a streamed request body).
    case reader(any WASIStreamReader)
}

/// Where a guest's standard output or standard error goes.
public enum WASIOutputStream: Sendable {
    /// Writes are accepted and discarded.
    case null
    /// The host process's own stdout (for the guest's stdout) or stderr (for its stderr).
    case inherit
    /// A host file descriptor (pipe, file, socket); it is duplicated, so the embedder keeps ownership of its own.
    case hostFileDescriptor(Int32)
    /// A host file, created (or truncated, unless `append`) when the context is created.
    case file(path: String, append: Bool = false)
    /// An in-memory buffer the embedder reads back.
    case buffer(WASIOutputBuffer)
    /// Bytes pushed to the embedder's writer as the guest writes (a streamed response body).
    case writer(any WASIStreamWriter)
}
