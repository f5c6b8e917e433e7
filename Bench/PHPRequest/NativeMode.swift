/// Native: Debian's php-cgi spawned per request (posix_spawn, CGI environment, wait, read stdout): Apache +
/// mod_cgi's model, without Apache. Its process start-up includes the dynamic loader and Debian's default ini
/// and extensions (opcache among them), exactly what such a deployment pays.
struct NativeMode: RequestMode {
    let name = "native php-cgi"
    let executable: String
    let documentRoot: String

    func run(script: String) -> RequestOutcome {
        // The same variables CGIBridge gives the guest, with host paths (the native process sees the host).
        let environment: [(name: String, value: String)] = [
            ("GATEWAY_INTERFACE", "CGI/1.1"), ("SERVER_SOFTWARE", "php-request-bench"),
            ("SERVER_NAME", "localhost"), ("SERVER_PORT", "80"), ("SERVER_PROTOCOL", "HTTP/1.1"),
            ("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/" + script), ("QUERY_STRING", ""),
            ("DOCUMENT_ROOT", documentRoot), ("SCRIPT_FILENAME", documentRoot + "/" + script),
            ("SCRIPT_NAME", "/" + script), ("REMOTE_ADDR", "127.0.0.1"), ("REMOTE_PORT", "0"),
            ("REQUEST_SCHEME", "http"), ("REDIRECT_STATUS", "200"),
        ]
        guard let result = try? NativeProcess.run(executable: executable, arguments: [executable],
                                                  environment: environment) else {
            return RequestOutcome(status: 500, body: [])
        }
        let (status, body) = NativeProcess.splitCGIResponse(result.output)
        return RequestOutcome(status: status, body: body, childCPU: result.cpu)
    }
}
