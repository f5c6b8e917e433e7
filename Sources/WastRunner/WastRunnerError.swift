/// Why a whole file could not be run (as opposed to a failed command inside it).
public enum WastRunnerError: Error, Sendable, CustomStringConvertible {
    case toolNotFound(String)
    case fileNotFound(String)
    case conversionFailed(file: String, String)
    case unreadableScript(file: String, String)

    public var description: String {
        switch self {
        case .toolNotFound(let message): message
        case .fileNotFound(let file): "no such file: \(file)"
        case .conversionFailed(let file, let message): "\(file): conversion failed: \(message)"
        case .unreadableScript(let file, let message): "\(file): cannot read converted script: \(message)"
        }
    }
}
