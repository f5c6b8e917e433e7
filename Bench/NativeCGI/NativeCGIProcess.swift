import Foundation
import Synchronization

/// Runs one native program to completion: `posix_spawn`, the body on stdin, stdout collected until EOF, then
/// `wait4`. For a CGI program this is exactly the per-request work of Apache's mod_cgi (minus Apache itself),
/// the baseline both native-cgi-server and php-request-bench measure.
///
/// `posix_spawn` rather than `Foundation.Process`: it is what a C server would call (vfork-style, no copy of the
/// parent's page tables), it adds no run-loop or extra threads, and the pipes are created close-on-exec so the
/// child inherits exactly stdin and stdout (plus the caller's stderr, for PHP's error log), never a client
/// socket.
public enum NativeCGIProcess {
    public static func run(executable: String, arguments: [String], environment: [(name: String, value: String)],
                           stdin body: [UInt8] = []) throws(NativeCGIProcessError) -> NativeCGIProcessResult {
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.name)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        // Glibc's pipe2 is not visible to Swift (it needs _GNU_SOURCE), so close-on-exec is set with fcntl. Pipe
        // creation and spawn happen under one lock: otherwise a child spawned by another worker between our
        // pipe() and fcntl() would inherit our pipe's write end, and our read would wait for that child's exit.
        let spawned: Int32 = spawnLock.withLock { _ in
            guard makePipe(&input) else { return errno }
            guard makePipe(&output) else {
                let failure = errno
                close(input[0]); close(input[1])
                return failure
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            // dup2 clears close-on-exec on the target descriptor, so these two (and stderr) are all the child keeps.
            posix_spawn_file_actions_adddup2(&actions, input[0], 0)
            posix_spawn_file_actions_adddup2(&actions, output[1], 1)
            let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
            close(input[0])
            close(output[1])
            if result != 0 { close(input[1]); close(output[0]) }
            return result
        }
        guard spawned == 0 else {
            throw NativeCGIProcessError(description: "spawning \(executable): \(String(cString: strerror(spawned)))")
        }

        // A body that fits the pipe buffer never blocks, so it is written before reading; a larger one is written
        // from another thread, or a child that answers before reading all of it would deadlock with us.
        let writeEnd = input[1]
        if body.count <= 65536 {
            writeAll(body, to: writeEnd)
            close(writeEnd)
        } else {
            Thread.detachNewThread {
                writeAll(body, to: writeEnd)
                close(writeEnd)
            }
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
        // wait4 rather than waitpid: the same wait, and it also returns the child's CPU time.
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signal = status & 0x7F
        return NativeCGIProcessResult(output: collected,
                                      exitStatus: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
                                      cpu: duration(usage.ru_utime) + duration(usage.ru_stime))
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return  // EPIPE: the child stopped reading; its output is still the response.
            }
        }
    }

    private static func duration(_ time: timeval) -> Duration {
        .seconds(time.tv_sec) + .microseconds(time.tv_usec)
    }

    private static let spawnLock = Mutex(())

    private static func makePipe(_ descriptors: inout [Int32]) -> Bool {
        guard pipe(&descriptors) == 0 else { return false }
        _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
        return true
    }
}
