import CGIBridge

/// What a finished native process left: its stdout, how it ended, and the CPU time it used.
public struct NativeCGIProcessResult: Sendable {
    public var output: [UInt8]
    /// The exit status, or 128 + the signal number if it was killed.
    public var exitStatus: Int32
    /// The child's user + system CPU time: it stays meaningful when a loaded machine stretches wall times.
    public var cpu: Duration

    /// The output read as a CGI response, by CGIBridge's own parser, so a native script's answer is read by the
    /// same rules as a guest's. (A local redirect is returned as the 302 it names; the benchmarks' scripts send
    /// none.)
    public func cgiResponse() throws(CGIOutputError) -> CGIResponse {
        let parsed = try CGIOutputParser.parse(output)
        return CGIResponse(status: parsed.status, headers: parsed.headers, body: Array(parsed.body))
    }
}
