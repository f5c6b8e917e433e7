import CGIBridge

/// Carries one streamed guest response from the worker thread that runs the guest to the request task that
/// writes it to the client: first the head, then body chunks, then the end.
///
/// Why a queue and not a direct write: the guest runs synchronously on a worker thread, and the client's socket
/// belongs to an event loop. The worker only appends to the stream and never waits for the client, so a slow or
/// stalled client cannot hold a worker (and with it a core) hostage. The price is that a response the client
/// reads slowly stays queued in memory, bounded by CGIBridge's output cap (64 MiB by default).
///
/// It is CGIBridge's sink for ``CGIApplication/handle(_:streamingTo:)``; the bridge calls it one call at a time,
/// from the worker or from the bridge's flush timer, and the stream's continuation is safe for that.
final class GuestResponseStream: CGIResponseSink {
    enum Event: Sendable {
        case head(status: Int, headers: [(name: String, value: String)])
        case body([UInt8])
        /// `error`: why the guest broke off after the head (trap, limit); nil when the body is complete.
        case end(error: CGIStreamError?)
    }

    let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation

    init() {
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
    }

    func head(status: Int, headers: [(name: String, value: String)]) {
        continuation.yield(.head(status: status, headers: headers))
    }

    func body(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        continuation.yield(.body(bytes))
    }

    func end(error: CGIStreamError?) {
        continuation.yield(.end(error: error))
        continuation.finish()
    }
}

/// The reading side of a ``GuestResponseStream``, handed from the request task to the response body writer.
///
/// `@unchecked Sendable`: an async iterator is not Sendable, but this one is used strictly in sequence: the
/// request task reads the head, then gives the box to the body writer, which alone reads the rest.
final class GuestResponseReader: @unchecked Sendable {
    private var iterator: AsyncStream<GuestResponseStream.Event>.AsyncIterator

    init(_ stream: GuestResponseStream) {
        iterator = stream.events.makeAsyncIterator()
    }

    func next() async -> GuestResponseStream.Event? {
        await iterator.next()
    }
}
