/// Receives a guest's output as it is written (streaming a response body).
///
/// Unlike ``WASIOutputBuffer``, nothing is kept: each `fd_write` hands its bytes straight to the writer, so a
/// server can forward a response while the guest is still producing it. The writer is called on the thread that
/// runs the guest, once per gathered vector of an `fd_write`.
public protocol WASIStreamWriter: AnyObject, Sendable {
    /// Takes bytes the guest wrote; returns how many were accepted (fewer = the guest sees `nospc`/short write).
    func write(_ bytes: UnsafeRawBufferPointer) -> Int
}

/// Supplies a guest's input as it is read (a streamed request body). Blocking is allowed.
///
/// Each `fd_read` asks the reader to fill the guest's buffers directly (no intermediate copy); the call blocks the
/// guest's thread for as long as the reader does, which is the point: a guest reading a request body waits for
/// the client's bytes.
public protocol WASIStreamReader: AnyObject, Sendable {
    /// Fills up to `buffer.count` bytes; returns how many, 0 at end of stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
}
