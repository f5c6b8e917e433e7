/// Receives one response as it is produced: ``head(status:headers:)`` once, then zero or more
/// ``body(_:)`` pieces, then ``end(error:)`` exactly once. Used by
/// ``CGIApplication/handle(_:streamingTo:)``.
///
/// The calls come one at a time, never concurrently, but not always from the same thread: usually from the
/// thread running `handle`, sometimes from a timer that flushes a piece the guest wrote before pausing (see
/// ``CGIStreamBuffering``). A call that blocks holds up the guest's next write, which is how a sink can push
/// back; a sink that must never slow the guest down queues instead.
public protocol CGIResponseSink: AnyObject, Sendable {
    /// The status and header fields (CGI's `Status` consumed, repeated fields separate and in order). When the
    /// guest finished before anything had to be sent, the whole body is known and the bridge adds
    /// `Content-Length` (unless the guest set one), so the HTTP layer can avoid chunked encoding.
    func head(status: Int, headers: [(name: String, value: String)])
    /// The next piece of the body, never empty. Not called for HEAD requests.
    func body(_ chunk: [UInt8])
    /// The response is over. `error` is nil when it is complete; otherwise the guest broke off after the head
    /// had been sent (trap, fuel, deadline, output cap), the body is truncated, and the HTTP layer should close
    /// the connection rather than let the client take it for a complete response. Failures before the head
    /// never get here: they become a complete 5xx response instead.
    func end(error: CGIStreamError?)
}

/// Why a streamed response broke off after its head was sent.
public enum CGIStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The guest trapped; the associated text is the trap with its stack.
    case trapped(String)
    /// The request's fuel ran out (what would have been a 503).
    case outOfFuel
    /// The request's deadline passed (what would have been a 504).
    case timedOut
    /// The guest wrote more than ``CGILimits/outputBytes``.
    case responseTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .trapped(let trap): "the guest trapped after the response head was sent: \(trap)"
        case .outOfFuel: "the guest ran out of fuel after the response head was sent"
        case .timedOut: "the guest timed out after the response head was sent"
        case .responseTooLarge(let limit): "the response grew larger than \(limit) bytes after its head was sent"
        }
    }
}
