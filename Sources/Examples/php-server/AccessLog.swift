#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Writes one line per request in Apache's common log format, followed by the time the server took:
/// `127.0.0.1 - - [25/Nov/2026:04:00:00 +0000] "GET /index.php?page=2 HTTP/1.1" 200 5120 41.7ms`
///
/// Lines are written whole under a lock, so concurrent requests never interleave inside a line.
final class AccessLog: Sendable {
    private let lock = Mutex(())

    func record(remoteAddress: String, method: String, target: String, status: Int, bytes: Int,
                duration: Duration) {
        let milliseconds = Double(duration.components.seconds) * 1000
            + Double(duration.components.attoseconds) / 1e15
        let size = bytes > 0 ? String(bytes) : "-"
        let line = "\(remoteAddress) - - [\(Self.timestamp())] \"\(Self.sanitized(method)) \(Self.sanitized(target)) "
            + "HTTP/1.1\" \(status) \(size) \(Self.format(milliseconds))ms\n"
        write(line)
    }

    /// Error-log lines (guest stderr, traps) go to stderr, so the access log on stdout stays machine-readable.
    func error(_ message: String) {
        lock.withLock { _ in
            let text = message.hasSuffix("\n") ? String(message.dropLast()) : message
            Self.writeAll("[\(Self.timestamp())] [error] \(text)\n", to: STDERR_FILENO)
        }
    }

    private func write(_ line: String) {
        lock.withLock { _ in
            Self.writeAll(line, to: STDOUT_FILENO)
        }
    }

    /// Unbuffered, so lines appear at once even when stdout is a pipe (`| tee`, a service manager).
    private static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue } else { return } }
            bytes = bytes.dropFirst(written)
        }
    }

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%d/%b/%Y:%H:%M:%S +0000", &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Quotes and control characters would let a client forge log lines; escape them as Apache does.
    private static func sanitized(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                result += "\\x" + String(scalar.value, radix: 16, uppercase: false).leftPadded(to: 2)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func format(_ milliseconds: Double) -> String {
        let tenths = Int((milliseconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
