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
    /// `WasmEntryPoint`: the exported function that runs a request (mod_wasm's "function to call instead of
    /// `_start`"); `nil` means the mode's default, see ``effectiveEntryPoint``.
    var entryPoint: String?
    /// `WasmSnapshot`: run every request from a snapshot of the guest taken after its start-up (warm) instead of
    /// instantiating and starting the module afresh (cold). `nil` = not configured: off, except for the built-in
    /// demo, which turns it on when the warm guest exists.
    var snapshot: Bool?
    /// `WasmSnapshotInit`: the export run once, before the snapshot is taken (PHP's module start-up).
    var snapshotInitializer = "wasmvm_init"
    /// `WasmSnapshotStore`: SQLite file that keeps snapshots across restarts; `nil` builds one at every start.
    var snapshotStorePath: String?
    /// Where `WasmSnapshotStore` was given, for errors found after the whole file is read.
    var snapshotStoreLine = 0
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

    /// Whether requests restore a snapshot (`WasmSnapshot On`).
    var isWarm: Bool { snapshot == true }

    /// The function each request runs: `WasmEntryPoint` if given, else `_start` for a cold guest (a WASI command)
    /// and `wasmvm_handle` for a warm one (a reactor whose `_start` would redo the start-up the snapshot saved).
    var effectiveEntryPoint: String { entryPoint ?? (isWarm ? "wasmvm_handle" : "_start") }
}
