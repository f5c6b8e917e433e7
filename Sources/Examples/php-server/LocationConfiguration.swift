import WASI

/// One tenant of the server: a URL prefix and everything its guest may see and spend.
///
/// Each location becomes its own ``Tenant`` with its own `CGIApplication`, so two applications on one server
/// share nothing but the process: separate preopens, environment, arguments and limits, exactly like separate
/// `<Location>` blocks carrying mod_wasm directives in Apache.
struct LocationConfiguration: Sendable {
    /// The URL prefix, normalised: starts with `/`, no trailing `/` except for the root prefix itself.
    var urlPrefix: String
    /// Where the block starts in the configuration file, for error messages found after parsing.
    var line: Int

    /// Host directory whose files are served (static files directly, scripts through the module).
    /// Without one, every request below the prefix runs the module (mod_wasm's single-endpoint style).
    var documentRoot: String?
    /// `WasmModule`: host path of the guest binary; `nil` means the server's `--module`.
    var modulePath: String?
    /// `WasmDir` / `WasmMapDir`, in order (they become descriptors 3, 4, ... in the guest).
    var preopens: [WASIPreopen] = []
    /// `WasmEnv`, passed to the guest before the CGI variables.
    var environment: [(name: String, value: String)] = []
    /// `WasmArg`, the guest's `argv` after its program name.
    var arguments: [String] = []
    /// `WasmEnableCGI`: run the module as a CGI/1.1 program (request in the environment and stdin, response
    /// headers parsed from stdout). Off: stdout is the body of a 200 `text/plain` response.
    var enableCGI = true
    /// `WasmMapCGIFileNames`: give the guest `SCRIPT_FILENAME` / `DOCUMENT_ROOT` as guest paths (translated through
    /// the preopens) instead of host paths, which the guest could not open.
    var mapCGIFileNames = true
    /// `WasmEntryPoint`: the exported function that runs a request.
    var entryPoint = "_start"
    /// `WasmFuel`, `WasmTimeout`, `WasmMemoryPages`: per-request limits.
    var fuel: UInt64?
    var timeout: Duration?
    var memoryPages: Int?
    /// `FrontController`: the script that gets every request that names no file (Drupal's .htaccess rule);
    /// `nil` turns the rule off (such requests get 404).
    var frontController: String? = "index.php"
    /// `DirectoryIndex`: tried in order when a request names a directory.
    var directoryIndex = ["index.php", "index.html"]
    /// `ScriptExtension`: file name endings that run through the module instead of being served.
    var scriptExtensions = [".php"]
    /// `SerializeWrites`: requests with unsafe methods (POST, PUT, PATCH, DELETE) run one at a time and never
    /// alongside a reader. The PHP guest's SQLite has no file locking, so the host must keep writers apart.
    var serializeWrites = false
    /// `MaxRequestBody`: bytes; larger request bodies get 413.
    var maxRequestBody = 16 << 20

    init(urlPrefix: String, line: Int) {
        self.urlPrefix = urlPrefix
        self.line = line
    }
}
