import CGIBridge
import Foundation
import NativeCGI

/// Runs one request through a fresh native php-cgi process and turns its stdout into a response.
struct NativeCGIRunner: Sendable {
    let executable: String
    let staticEnvironment: [(name: String, value: String)]

    /// The same failure statuses CGIBridge uses for a guest: 500 when the program could not run or exited
    /// non-zero without a header, 502 when its output is not a CGI response.
    func handle(_ request: CGIRequest) -> CGIResponse {
        // CGIBridge's own mapping with host paths (the native process sees the host's file system), so native
        // and Wasm PHP see the same `$_SERVER`.
        let environment = CGIMetaVariables.environment(for: request, serverSoftware: "native-cgi-server",
                                                       staticEnvironment: staticEnvironment)
        let result: NativeCGIProcessResult
        do {
            // argv[0] only: the script comes from SCRIPT_FILENAME, never from the query string (CVE-2012-1823).
            result = try NativeCGIProcess.run(executable: executable, arguments: [executable],
                                              environment: environment, stdin: request.body)
        } catch {
            report("\(request.scriptFilename): \(error)")
            return Self.errorResponse(500)
        }
        do {
            return try result.cgiResponse()
        } catch {
            report("\(request.scriptFilename): exit status \(result.exitStatus), not a CGI response: \(error)")
            return Self.errorResponse(result.exitStatus != 0 ? 500 : 502)
        }
    }

    static func errorResponse(_ status: Int) -> CGIResponse {
        CGIResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                    body: Array("\(status)\n".utf8))
    }

    private func report(_ message: String) {
        FileHandle.standardError.write(Data("native-cgi-server: \(message)\n".utf8))
    }
}
