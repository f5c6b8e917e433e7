import CGIBridge
import NativeCGI

/// Native: Debian's php-cgi spawned per request (posix_spawn, CGI environment, wait, read stdout): Apache +
/// mod_cgi's model, without Apache. Its process start-up includes the dynamic loader and Debian's default ini
/// and extensions (opcache among them), exactly what such a deployment pays.
struct NativeMode: RequestMode {
    let name = "native php-cgi"
    let executable: String
    let documentRoot: String

    func run(script: String) -> RequestOutcome {
        // The same variables CGIBridge gives the guest, with host paths (the native process sees the host).
        let request = CGIRequest(method: "GET", uri: "/" + script, documentRoot: documentRoot,
                                 scriptFilename: documentRoot + "/" + script, scriptName: "/" + script)
        let environment = CGIMetaVariables.environment(for: request, serverSoftware: "php-request-bench",
                                                       staticEnvironment: [])
        guard let result = try? NativeCGIProcess.run(executable: executable, arguments: [executable],
                                                     environment: environment) else {
            return RequestOutcome(status: 500, body: [])
        }
        // Output that is not a CGI response is the server's 502, as php-server answers it.
        guard let response = try? result.cgiResponse() else {
            return RequestOutcome(status: 502, body: result.output, childCPU: result.cpu)
        }
        return RequestOutcome(status: response.status, body: response.body, childCPU: result.cpu)
    }
}
