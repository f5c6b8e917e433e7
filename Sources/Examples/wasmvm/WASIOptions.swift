import ArgumentParser
import Foundation
import WASI

/// The options that describe a guest's WASI world, shared by `wasmvm run` and `wasmvm snapshot create`.
///
/// Deny by default: the guest gets the named directories and environment variables, nothing else.
struct WASIOptions: ParsableArguments {
    @Option(name: .customLong("dir"), help: ArgumentHelp(
        "Give the guest a host directory, read-write; it sees it as GUEST (default: the same path).",
        valueName: "HOST[::GUEST]"))
    var directories: [String] = []

    @Option(name: .customLong("dir-ro"), help: ArgumentHelp(
        "Give the guest a host directory, read-only.", valueName: "HOST[::GUEST]"))
    var readOnlyDirectories: [String] = []

    @Option(name: .customLong("map-dir"), help: ArgumentHelp(
        "Give the guest a host directory, read-write, named the other way round (wasmtime's --mapdir).",
        valueName: "GUEST::HOST"))
    var mappedDirectories: [String] = []

    @Option(name: .customLong("env"), help: ArgumentHelp("Set an environment variable for the guest.", valueName: "NAME=VALUE"))
    var environment: [String] = []

    @Flag(name: .customLong("inherit-env"), help: "Pass this process's whole environment to the guest.")
    var inheritEnvironment = false

    /// Whether any directory was named (a restored run without one reuses the snapshot's).
    var namesDirectories: Bool { !(directories.isEmpty && readOnlyDirectories.isEmpty && mappedDirectories.isEmpty) }

    /// The guest's world with this process's stdio: nothing that was not asked for. Directories are given in
    /// the order --dir, --dir-ro, --map-dir (each in command-line order), which fixes their descriptor numbers.
    func configuration(arguments: [String]) throws -> WASIConfiguration {
        var configuration = WASIConfiguration(arguments: arguments, stdin: .inherit, stdout: .inherit, stderr: .inherit)
        if inheritEnvironment {
            configuration.environment = ProcessInfo.processInfo.environment.sorted { $0.key < $1.key }
                .map { (name: $0.key, value: $0.value) }
        }
        for assignment in environment {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                printError("wasmvm: --env expects NAME=VALUE, got \"\(assignment)\"")
                throw ExitCode.failure
            }
            let name = String(assignment[..<equals]), value = String(assignment[assignment.index(after: equals)...])
            configuration.environment.removeAll { $0.name == name }
            configuration.environment.append((name: name, value: value))
        }
        for (option, access) in [(directories, WASIPreopen.Access.readWrite), (readOnlyDirectories, .readOnly)] {
            for mapping in option {
                let parts = mapping.components(separatedBy: "::")
                guard parts.count <= 2, !parts[0].isEmpty else {
                    printError("wasmvm: a directory is HOST or HOST::GUEST, got \"\(mapping)\"")
                    throw ExitCode.failure
                }
                configuration.preopens.append(WASIPreopen(hostPath: parts[0], guestPath: parts.count == 2 ? parts[1] : nil,
                                                          access: access))
            }
        }
        for mapping in mappedDirectories {
            let parts = mapping.components(separatedBy: "::")
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                printError("wasmvm: --map-dir expects GUEST::HOST, got \"\(mapping)\"")
                throw ExitCode.failure
            }
            configuration.preopens.append(WASIPreopen(hostPath: parts[1], guestPath: parts[0], access: .readWrite))
        }
        return configuration
    }
}
