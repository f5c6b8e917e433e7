import Foundation

/// Spawns a native program, collects its stdout, and waits for it: the per-request work of a CGI server.
///
/// The same approach as native-cgi-server's `CGIProcess` (separate targets cannot share a file): `posix_spawn`,
/// close-on-exec pipes so the child keeps only stdin (empty here) and stdout, read to EOF, `waitpid`.
enum NativeProcess {
    struct Failure: Error {
        var message: String
    }

    static func run(executable: String, arguments: [String],
                    environment: [(name: String, value: String)]) throws(Failure) -> (output: [UInt8], status: Int32, cpu: Duration) {
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        guard pipe(&input) == 0 else { throw Failure(message: "pipe failed") }
        guard pipe(&output) == 0 else {
            close(input[0]); close(input[1])
            throw Failure(message: "pipe failed")
        }
        for descriptor in input + output { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.name)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(input[0])
        close(output[1])
        close(input[1])  // an empty request body: stdin is at EOF at once
        guard spawned == 0 else {
            close(output[0])
            throw Failure(message: "posix_spawn \(executable): \(String(cString: strerror(spawned)))")
        }
        var collected: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(output[0], $0.baseAddress, $0.count) }
            if count > 0 {
                collected.append(contentsOf: chunk[0..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(output[0])
        var status: Int32 = 0
        // wait4 rather than waitpid: it also returns the child's CPU time, which stays meaningful when a loaded
        // machine stretches wall times.
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        func duration(_ time: timeval) -> Duration { .seconds(time.tv_sec) + .microseconds(time.tv_usec) }
        return (collected, status, duration(usage.ru_utime) + duration(usage.ru_stime))
    }

    /// The status (from a `Status:` field, else 200) and the body after the blank line of a CGI response.
    static func splitCGIResponse(_ output: [UInt8]) -> (status: Int, body: [UInt8]) {
        let text = output
        for index in text.indices where text[index] == 0x0A {
            // A blank line: "\n\n" or "\r\n\r\n".
            let next = index + 1
            let isBlank = (next < text.count && text[next] == 0x0A)
                || (next + 1 < text.count && text[next] == 0x0D && text[next + 1] == 0x0A)
            guard isBlank else { continue }
            let bodyStart = text[next] == 0x0A ? next + 1 : next + 2
            let head = String(decoding: text[..<index], as: UTF8.self)
            var status = 200
            for line in head.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            where line.lowercased().hasPrefix("status:") {
                status = Int(line.dropFirst(7).trimmingCharacters(in: .whitespaces).prefix(3)) ?? 500
            }
            return (status, Array(text[bodyStart...]))
        }
        return (502, output)
    }
}
