import ArgumentParser
import Foundation
import WasmVM

/// Reading a module binary named on the command line.
enum ModuleFile {
    /// The file's bytes; a missing or unreadable file ends the command with exit status 1.
    static func bytes(at path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("wasmvm: cannot read \(path)")
            throw ExitCode.failure
        }
        return [UInt8](data)
    }

    /// The decoded and validated module; a malformed or invalid one ends the command with exit status 1.
    static func module(at path: String) throws -> Module {
        let bytes = try bytes(at: path)
        do { return try Module(bytes: bytes) } catch {
            printError("\(path): \(error)")
            throw ExitCode.failure
        }
    }
}

/// Writes a line to standard error (diagnostics stay out of a command's regular output).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
