// Entry point. Parses the command line and runs the server; `exit(withError:)` prints --help, usage errors and
// `ExitCode`s the way ArgumentParser's own `main()` would. (With a main.swift there is no `@main`, and the
// synchronous `main()` overload cannot start an async command, so the two steps are spelled out.)
do {
    let command = try PHPServerCommand.parse()
    try await command.serve()
} catch {
    PHPServerCommand.exit(withError: error)
}
