// Entry point of `native-cgi-server`, the "Apache + php-cgi per request" baseline for Bench/php.sh.
// As in php-server, parsing and serving are spelled out because a main.swift cannot use `@main`.
import Glibc

// A php-cgi that exits before reading its stdin must not kill the server with SIGPIPE: the write fails with
// EPIPE instead, which the spawner ignores (the response is whatever the child wrote).
signal(SIGPIPE, SIG_IGN)

do {
    let command = try NativeCGIServerCommand.parse()
    try await command.serve()
} catch {
    NativeCGIServerCommand.exit(withError: error)
}
