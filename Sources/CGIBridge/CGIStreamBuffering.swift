/// How long a streamed response is held back before it goes to the ``CGIResponseSink``.
///
/// Why hold anything back: php-cgi writes every `echo` with its own `write` call, so passing writes on as they
/// come would cut a page into hundreds of tiny chunks; and a response that is complete before anything was
/// sent can carry a `Content-Length` instead of chunked encoding. Why not hold back everything: a page that
/// writes its first part and then works for seconds should show that part at once, and a large download
/// should not sit in memory. So pieces are collected until there are ``bytes`` of them or ``delay`` has passed
/// since the first uncollected one, whichever comes first.
public struct CGIStreamBuffering: Sendable, Equatable {
    /// Collected body bytes that are passed on at once, without waiting for the delay.
    public var bytes: Int
    /// The longest a written piece waits before it is passed on; nil waits for ``bytes`` or the end.
    public var delay: Duration?

    public init(bytes: Int = 16 * 1024, delay: Duration? = .milliseconds(20)) {
        self.bytes = bytes
        self.delay = delay
    }

    /// Everything is held until the guest ends: the buffered ``CGIApplication/handle(_:)``.
    static let wholeResponse = CGIStreamBuffering(bytes: .max, delay: nil)
}
