/// Per-request resource bounds, applied to each request's fresh `Store`.
///
/// A limit that is nil is unbounded. Local redirects followed inside one request share the budget: the fuel left
/// by one hop and the deadline carry over to the next, so a redirect loop cannot multiply the cost of a request.
public struct CGILimits: Sendable {
    /// Interpreter fuel (function calls and loop iterations); running out answers 503.
    public var fuel: UInt64?
    /// Wall-clock time for the whole request; passing it answers 504.
    public var timeout: Duration?
    /// The most 64 KiB pages the guest's memory may grow to; `memory.grow` beyond it fails, as if the host were
    /// out of memory (a guest typically aborts, which answers 500).
    public var memoryPages: Int?
    /// The most bytes of stdout kept; a guest that writes more gets `ENOSPC` and the request answers 502, so a
    /// runaway guest cannot exhaust the host's memory.
    public var outputBytes: Int?

    public init(fuel: UInt64? = nil, timeout: Duration? = nil, memoryPages: Int? = nil,
                outputBytes: Int? = 64 << 20) {
        self.fuel = fuel
        self.timeout = timeout
        self.memoryPages = memoryPages
        self.outputBytes = outputBytes
    }
}
