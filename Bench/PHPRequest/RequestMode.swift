/// One way of running a PHP request, timed per request by `main.swift`.
protocol RequestMode {
    /// The column name in the tables.
    var name: String { get }
    /// Runs `script` (a file name in the bench's document root) once, end to end, and returns the status and
    /// body, so the caller can check the mode really ran PHP before trusting its times.
    func run(script: String) -> RequestOutcome
}

/// What one request returned, and the CPU time it used outside the calling thread.
struct RequestOutcome {
    var status: Int
    var body: [UInt8]
    /// CPU time of child processes (native php-cgi's user + system time); zero for in-process modes, whose work
    /// is all on the calling thread and measured there.
    var childCPU: Duration = .zero
}
