import Dispatch
import Synchronization
import WASI

/// Turns a guest's stdout, while it is being written, into a response head and body pieces for a
/// ``CGIResponseSink``: the header block is collected and parsed as soon as its blank line arrives, body bytes
/// are collected and passed on per ``CGIStreamBuffering``.
///
/// One streamer serves one run of the guest. Writes come from the guest's thread, flushes after the delay from
/// a timer; a mutex keeps them in order. Nothing is sent after ``close()``: from then on the application decides
/// how the response ends (complete, a clean 5xx if nothing was sent yet, or broken off).
final class CGIResponseStreamer: WASIStreamWriter {
    enum Phase {
        /// Collecting the header block.
        case header
        /// The header block is not a CGI response; the rest of the output is ignored.
        case rejected(CGIOutputError)
        /// A local redirect: the body is ignored and the request is run again for the new path.
        case localRedirect(String)
        /// The head is known; body bytes are being passed on.
        case body(status: Int, headers: [(name: String, value: String)])
    }

    struct State {
        var phase = Phase.header
        /// The header block so far (phase `header`).
        var headerBytes: [UInt8] = []
        /// Where the line being scanned for the blank line starts, and how far it has been scanned.
        var lineStart = 0
        var scanned = 0
        /// Body bytes not yet passed on.
        var pending: [UInt8] = []
        var headSent = false
        /// Every byte taken from the guest, header block included (what ``CGILimits/outputBytes`` bounds).
        var written = 0
        var flushScheduled = false
        var closed = false
    }

    private let state = Mutex(State())
    let sink: any CGIResponseSink
    let buffering: CGIStreamBuffering
    /// ``CGILimits/outputBytes``.
    let limit: Int?
    /// HEAD: the guest's body is dropped (RFC 3875 4.3.2), the head is kept.
    let discardsBody: Bool
    /// Whether a head sent with the whole body known gets `Content-Length` (streaming; the buffered
    /// ``CGIResponse`` leaves that to the HTTP layer, which has the body).
    let announcesLength: Bool

    init(sink: any CGIResponseSink, buffering: CGIStreamBuffering, limit: Int?, discardsBody: Bool,
         announcesLength: Bool) {
        self.sink = sink
        self.buffering = buffering
        self.limit = limit
        self.discardsBody = discardsBody
        self.announcesLength = announcesLength
    }

    /// Takes the guest's next write; returns how many bytes were taken. Past the output limit nothing more is
    /// taken (the guest sees its write fail), and nothing past the limit is passed on.
    func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        state.withLock { state in
            guard !state.closed else { return 0 }
            var taken = bytes.count
            var forwarded = bytes.count
            if let limit {
                // One byte more than the limit is taken, so a guest that filled it exactly is told apart from one
                // that was cut short.
                taken = min(taken, max(0, limit + 1 - state.written))
                forwarded = min(taken, max(0, limit - state.written))
            }
            state.written += taken
            if forwarded > 0 { consume(UnsafeRawBufferPointer(rebasing: bytes[0..<forwarded]), &state) }
            return taken
        }
    }

    private func consume(_ bytes: UnsafeRawBufferPointer, _ state: inout State) {
        switch state.phase {
        case .header:
            state.headerBytes.append(contentsOf: bytes)
            guard let end = Self.headerEnd(&state) else { return }
            let block = Array(state.headerBytes[..<end])
            let rest = state.headerBytes[end...]
            state.headerBytes = []
            let parsed: CGIOutput
            do {
                parsed = try CGIOutputParser.parse(block)
            } catch {
                state.phase = .rejected(error)
                return
            }
            if let location = parsed.localRedirect {
                state.phase = .localRedirect(location)
                return
            }
            state.phase = .body(status: parsed.status, headers: parsed.headers)
            // A guest that sends its head and then works should not keep the client waiting for it.
            scheduleFlush(&state)
            appendBody(rest, &state)
        case .body:
            appendBody(bytes, &state)
        case .rejected, .localRedirect:
            break
        }
    }

    private func appendBody(_ bytes: some Collection<UInt8>, _ state: inout State) {
        guard !discardsBody, !bytes.isEmpty else { return }
        state.pending.append(contentsOf: bytes)
        if state.pending.count >= buffering.bytes {
            flush(&state)
        } else {
            scheduleFlush(&state)
        }
    }

    /// The index just past the blank line that ends the header block, if it has arrived. Scans only bytes not
    /// scanned before, so a header block written a byte at a time costs linear time.
    private static func headerEnd(_ state: inout State) -> Int? {
        let bytes = state.headerBytes
        var index = state.scanned
        while index < bytes.count {
            if bytes[index] == CGIOutputParser.newline {
                let length = index - state.lineStart
                if length == 0 || (length == 1 && bytes[state.lineStart] == CGIOutputParser.carriageReturn) {
                    return index + 1
                }
                state.lineStart = index + 1
            }
            index += 1
        }
        state.scanned = index
        return nil
    }

    /// Sends the head (once) and the pending body bytes.
    private func flush(_ state: inout State) {
        guard case .body(let status, let headers) = state.phase else { return }
        if !state.headSent {
            sink.head(status: status, headers: headers)
            state.headSent = true
        }
        if !state.pending.isEmpty {
            sink.body(state.pending)
            state.pending = []
        }
    }

    private func scheduleFlush(_ state: inout State) {
        guard let delay = buffering.delay, !state.flushScheduled else { return }
        state.flushScheduled = true
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds))) { [self] in
            self.state.withLock { state in
                state.flushScheduled = false
                guard !state.closed else { return }
                flush(&state)
            }
        }
    }

    /// What the output amounted to when the guest stopped.
    struct Summary {
        var phase: Phase
        var headSent: Bool
        /// The guest wrote more than the limit.
        var overflowed: Bool
        /// The incomplete header block (phase `header`), to explain what is wrong with it.
        var headerBytes: [UInt8]
    }

    /// Stops taking writes and flushing; returns what was written.
    func close() -> Summary {
        state.withLock { state in
            state.closed = true
            return Summary(phase: state.phase, headSent: state.headSent,
                           overflowed: limit.map { state.written > $0 } ?? false, headerBytes: state.headerBytes)
        }
    }

    /// Ends a complete response: the head if it is still unsent (then with `Content-Length`, as the whole
    /// body is known), the rest of the body, the end.
    func finish() {
        state.withLock { state in
            guard case .body(let status, var headers) = state.phase else { return }
            if !state.headSent {
                if announcesLength, !discardsBody, Self.mayHaveContent(status),
                   !headers.contains(where: { $0.name.lowercased() == "content-length" }) {
                    headers.append((name: "Content-Length", value: String(state.pending.count)))
                }
                state.phase = .body(status: status, headers: headers)
            }
            flush(&state)
            sink.end(error: nil)
        }
    }

    /// Ends a response that failed: a complete error response if nothing was sent yet (returns true), else the
    /// stream breaks off with `error` (returns false).
    @discardableResult
    func fail(status: Int, reason: String, error: CGIStreamError) -> Bool {
        state.withLock { state in
            if state.headSent {
                sink.end(error: error)
                return false
            }
            Self.sendError(status: status, reason: reason, to: sink, withBody: !discardsBody,
                           announcesLength: announcesLength)
            return true
        }
    }

    /// A complete plain-text error response, as ``CGIResponse/gatewayError(_:_:)``.
    static func sendError(status: Int, reason: String, to sink: any CGIResponseSink, withBody: Bool,
                          announcesLength: Bool) {
        let response = CGIResponse.gatewayError(status, reason)
        let length = announcesLength ? [(name: "Content-Length", value: String(response.body.count))] : []
        sink.head(status: status, headers: response.headers + length)
        if withBody { sink.body(response.body) }
        sink.end(error: nil)
    }

    /// 1xx, 204 and 304 responses have no content, so no Content-Length either (RFC 9110 8.6).
    static func mayHaveContent(_ status: Int) -> Bool {
        status >= 200 && status != 204 && status != 304
    }
}
