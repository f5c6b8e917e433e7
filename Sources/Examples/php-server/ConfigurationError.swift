/// A configuration file the server refuses to start with; names the file and line so the user can fix it.
struct ConfigurationError: Error, CustomStringConvertible {
    var file: String
    var line: Int
    var message: String

    /// `file:line: message`, the format editors and terminals turn into a link; line 0 means the whole file.
    var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
