import WASI

/// Reads the server's configuration file: Apache-style `<Location /prefix>` blocks holding mod_wasm's
/// directives (see Docs/PHPServer.md for the format). Every problem is reported with its line number; host paths
/// are checked here, at startup, so that a typo never becomes a 500 on the first request.
struct ConfigurationParser {
    /// The file name used in error messages.
    let fileName: String
    /// Relative host paths are taken relative to this directory (the configuration file's own).
    let baseDirectory: String

    func parse(_ text: String) throws(ConfigurationError) -> [LocationConfiguration] {
        var locations: [LocationConfiguration] = []
        var current: LocationConfiguration?
        var documentRootLine = 0
        var directiveLines: [String: Int] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let words: [String]
            do { words = try DirectiveTokenizer.words(of: line) } catch {
                throw failure(lineNumber, "unterminated quoted string")
            }
            guard let first = words.first else { continue }

            if first.hasPrefix("</") {
                guard first.lowercased() == "</location>", words.count == 1 else {
                    throw failure(lineNumber, "unexpected `\(first)`; only </Location> closes a block")
                }
                guard let finished = current else { throw failure(lineNumber, "</Location> without <Location>") }
                try check(finished, documentRootLine: documentRootLine, lines: directiveLines)
                locations.append(finished)
                current = nil
                continue
            }
            if first.hasPrefix("<") {
                guard first.lowercased() == "<location" || first.lowercased().hasPrefix("<location") else {
                    throw failure(lineNumber, "unknown block `\(first)`; only <Location /prefix> is supported")
                }
                guard current == nil else {
                    throw failure(lineNumber, "<Location> blocks cannot be nested (close the previous one first)")
                }
                let prefix = try locationPrefix(words, line: lineNumber)
                if locations.contains(where: { $0.urlPrefix == prefix }) {
                    throw failure(lineNumber, "a <Location \(prefix)> block already exists")
                }
                current = LocationConfiguration(urlPrefix: prefix, line: lineNumber)
                documentRootLine = 0
                directiveLines = [:]
                continue
            }
            guard var location = current else {
                throw failure(lineNumber, "`\(first)` must be inside a <Location /prefix> ... </Location> block")
            }
            try apply(directive: first, arguments: Array(words.dropFirst()), line: lineNumber, to: &location)
            if first.lowercased() == "documentroot" { documentRootLine = lineNumber }
            directiveLines[first.lowercased()] = lineNumber
            current = location
        }
        if let open = current {
            throw failure(open.line, "<Location \(open.urlPrefix)> is not closed with </Location>")
        }
        if locations.isEmpty { throw failure(lineNumber, "no <Location> block: the server would serve nothing") }
        try checkSnapshotStores(locations)
        return locations
    }

    // MARK: - Blocks

    private func locationPrefix(_ words: [String], line: Int) throws(ConfigurationError) -> String {
        // Accept `<Location /x>`, `<Location "/x">` and `<Location /x >`.
        var rest = words.dropFirst().joined(separator: " ")
        if words[0].count > "<location".count {
            rest = String(words[0].dropFirst("<location".count)) + rest
        }
        guard rest.hasSuffix(">") else { throw failure(line, "expected `<Location /prefix>`") }
        var prefix = String(rest.dropLast()).trimmingSpaces()
        guard prefix.hasPrefix("/"), !prefix.contains(" ") else {
            throw failure(line, "the location prefix must be one URL path starting with `/`, got `\(prefix)`")
        }
        let segments = prefix.split(separator: "/")
        if segments.contains(where: { $0 == ".." || $0 == "." }) {
            throw failure(line, "the location prefix must not contain `.` or `..` segments")
        }
        prefix = "/" + segments.joined(separator: "/")
        return prefix
    }

    /// Checks that need the whole block: the document root must be visible to the guest, and the entry point must
    /// suit the mode (a warm guest is a reactor whose request handler is neither `_start` nor its initializer).
    private func check(_ location: LocationConfiguration, documentRootLine: Int,
                       lines: [String: Int]) throws(ConfigurationError) {
        let entryPointLine = lines["wasmentrypoint"] ?? location.line
        let snapshotLine = lines["wasmsnapshot"] ?? location.line
        if location.isWarm {
            guard location.enableCGI else {
                throw failure(snapshotLine, "WasmSnapshot On needs WasmEnableCGI On (warm start is for CGI guests)")
            }
            if location.effectiveEntryPoint == "_start" || location.effectiveEntryPoint == location.snapshotInitializer {
                throw failure(entryPointLine, "WasmEntryPoint \(location.effectiveEntryPoint): a warm guest needs a "
                              + "request handler other than `_start` and its WasmSnapshotInit function")
            }
        }
        if location.snapshotStorePath != nil && !location.isWarm {
            throw failure(lines["wasmsnapshotstore"] ?? location.line, "WasmSnapshotStore without WasmSnapshot On")
        }
        guard let root = location.documentRoot, location.enableCGI, location.mapCGIFileNames else { return }
        if GuestPathMapper(preopens: location.preopens).guestPath(forHostPath: root) == nil {
            throw failure(documentRootLine,
                          "DocumentRoot \(root) is not inside any WasmDir/WasmMapDir, so the guest could not open "
                          + "its scripts; add e.g. `WasmMapDir /app \(root) ro`")
        }
    }

    /// A snapshot is the memory every later request starts from. A guest able to write the store could plant
    /// state in other requests; one able to read it could read another tenant's start-up memory (its `WasmEnv`
    /// secrets, say). So the store may lie inside no location's directories at all, read-only ones included.
    private func checkSnapshotStores(_ locations: [LocationConfiguration]) throws(ConfigurationError) {
        for location in locations {
            guard let store = location.snapshotStorePath else { continue }
            for other in locations {
                for preopen in other.preopens where HostPath.isInside(store, directory: preopen.hostPath) {
                    throw failure(location.snapshotStoreLine, "WasmSnapshotStore \(store) lies inside "
                                  + "\(preopen.hostPath), which <Location \(other.urlPrefix)> gives its guest; "
                                  + "keep snapshots out of every guest's reach")
                }
            }
        }
    }

    // MARK: - Directives

    private func apply(directive: String, arguments: [String], line: Int,
                       to location: inout LocationConfiguration) throws(ConfigurationError) {
        func expect(_ range: ClosedRange<Int>, _ usage: String) throws(ConfigurationError) {
            guard range.contains(arguments.count) else { throw failure(line, "usage: \(usage)") }
        }
        switch directive.lowercased() {
        case "documentroot":
            try expect(1...1, "DocumentRoot HOST_DIRECTORY")
            location.documentRoot = try existingDirectory(arguments[0], line: line)
        case "wasmmodule":
            try expect(1...1, "WasmModule PATH_TO_MODULE.wasm")
            let path = HostPath.absolute(arguments[0], relativeTo: baseDirectory)
            guard HostPath.kind(of: path) == .file else { throw failure(line, "WasmModule: no file at \(path)") }
            location.modulePath = path
        case "wasmdir":
            try expect(1...2, "WasmDir HOST_DIRECTORY [ro|rw]")
            let host = try existingDirectory(arguments[0], line: line)
            let access = try accessMode(arguments.count > 1 ? arguments[1] : nil, line: line)
            location.preopens.append(WASIPreopen(hostPath: host, guestPath: host, access: access))
        case "wasmmapdir":
            try expect(2...3, "WasmMapDir GUEST_PATH HOST_DIRECTORY [ro|rw]")
            let guest = arguments[0]
            guard guest.hasPrefix("/") || guest == "." || guest.hasPrefix("./") else {
                throw failure(line, "WasmMapDir: the guest path must be absolute (or `.`), got `\(guest)`")
            }
            let host = try existingDirectory(arguments[1], line: line)
            let access = try accessMode(arguments.count > 2 ? arguments[2] : nil, line: line)
            location.preopens.append(WASIPreopen(hostPath: host, guestPath: guest, access: access))
        case "wasmenv":
            try expect(1...2, "WasmEnv NAME [VALUE]")
            let name = arguments[0]
            guard !name.isEmpty, !name.contains("=") else {
                throw failure(line, "WasmEnv: `\(name)` is not a valid environment variable name")
            }
            location.environment.append((name: name, value: arguments.count > 1 ? arguments[1] : ""))
        case "wasmarg":
            try expect(1...Int.max, "WasmArg ARGUMENT...")
            location.arguments += arguments
        case "wasmenablecgi":
            try expect(1...1, "WasmEnableCGI On|Off")
            location.enableCGI = try flag(arguments[0], line: line)
        case "wasmmapcgifilenames":
            try expect(1...1, "WasmMapCGIFileNames On|Off")
            location.mapCGIFileNames = try flag(arguments[0], line: line)
        case "wasmentrypoint":
            try expect(1...1, "WasmEntryPoint EXPORTED_FUNCTION")
            location.entryPoint = try exportName(arguments[0], directive: "WasmEntryPoint", line: line)
        case "wasmsnapshot":
            try expect(1...1, "WasmSnapshot On|Off")
            location.snapshot = try flag(arguments[0], line: line)
        case "wasmsnapshotinit":
            try expect(1...1, "WasmSnapshotInit EXPORTED_FUNCTION")
            location.snapshotInitializer = try exportName(arguments[0], directive: "WasmSnapshotInit", line: line)
        case "wasmsnapshotstore":
            try expect(1...1, "WasmSnapshotStore PATH_TO_STORE.sqlite")
            let path = HostPath.absolute(arguments[0], relativeTo: baseDirectory)
            let directory = "/" + path.split(separator: "/").dropLast().joined(separator: "/")
            guard let canonicalDirectory = HostPath.canonical(directory),
                  HostPath.kind(of: canonicalDirectory) == .directory else {
                throw failure(line, "WasmSnapshotStore: the directory \(directory) does not exist")
            }
            guard HostPath.kind(of: path) != .directory else {
                throw failure(line, "WasmSnapshotStore: \(path) is a directory; name the SQLite file")
            }
            let fileName = path.split(separator: "/").last.map(String.init) ?? ""
            location.snapshotStorePath = canonicalDirectory == "/" ? "/" + fileName : canonicalDirectory + "/" + fileName
            location.snapshotStoreLine = line
        case "wasmfuel":
            try expect(1...1, "WasmFuel INSTRUCTIONS|unlimited")
            if arguments[0].lowercased() == "unlimited" { location.fuel = nil; break }
            guard let fuel = UInt64(arguments[0].replacingUnderscores()), fuel > 0 else {
                throw failure(line, "WasmFuel: expected a positive integer, got `\(arguments[0])`")
            }
            location.fuel = fuel
        case "wasmtimeout":
            try expect(1...1, "WasmTimeout DURATION (e.g. 30s, 500ms, 2m) | unlimited")
            if arguments[0].lowercased() == "unlimited" { location.timeout = nil; break }
            guard let timeout = LimitValueParser.duration(arguments[0]) else {
                throw failure(line, "WasmTimeout: expected a duration such as 30s, 500ms or 2m, got `\(arguments[0])`")
            }
            location.timeout = timeout
        case "wasmmemorypages":
            try expect(1...1, "WasmMemoryPages PAGES (64 KiB each)")
            guard let pages = Int(arguments[0]), (1...65536).contains(pages) else {
                throw failure(line, "WasmMemoryPages: expected 1...65536, got `\(arguments[0])`")
            }
            location.memoryPages = pages
        case "wasmmemorylimit":
            try expect(1...1, "WasmMemoryLimit SIZE (e.g. 256M, 1G)")
            guard let bytes = LimitValueParser.size(arguments[0]), bytes >= 65536, bytes <= 1 << 32 else {
                throw failure(line, "WasmMemoryLimit: expected a size between 64K and 4G, got `\(arguments[0])`")
            }
            location.memoryPages = bytes / 65536
        case "frontcontroller":
            try expect(1...1, "FrontController SCRIPT|Off")
            let value = arguments[0]
            if value.lowercased() == "off" { location.frontController = nil; break }
            guard !value.split(separator: "/").contains("..") else {
                throw failure(line, "FrontController: the script must lie inside the document root")
            }
            location.frontController = value.hasPrefix("/") ? String(value.dropFirst()) : value
        case "directoryindex":
            try expect(1...Int.max, "DirectoryIndex FILE...")
            location.directoryIndex = arguments
        case "scriptextension":
            try expect(1...Int.max, "ScriptExtension .EXT...")
            location.scriptExtensions = arguments.map { $0.hasPrefix(".") ? $0.lowercased() : "." + $0.lowercased() }
        case "serializewrites":
            try expect(1...1, "SerializeWrites On|Off")
            location.serializeWrites = try flag(arguments[0], line: line)
        case "maxrequestbody":
            try expect(1...1, "MaxRequestBody SIZE (e.g. 16M)")
            guard let bytes = LimitValueParser.size(arguments[0]) else {
                throw failure(line, "MaxRequestBody: expected a size such as 16M, got `\(arguments[0])`")
            }
            location.maxRequestBody = bytes
        default:
            throw failure(line, "unknown directive `\(directive)`")
        }
    }

    /// Export names are matched exactly against the module at start-up; here only obvious typos are caught.
    private func exportName(_ name: String, directive: String, line: Int) throws(ConfigurationError) -> String {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7f }) else {
            throw failure(line, "\(directive): `\(name)` is not a function name")
        }
        return name
    }

    private func existingDirectory(_ path: String, line: Int) throws(ConfigurationError) -> String {
        let absolute = HostPath.absolute(path, relativeTo: baseDirectory)
        guard HostPath.kind(of: absolute) == .directory, let canonical = HostPath.canonical(absolute) else {
            throw failure(line, "\(absolute) is not an existing directory")
        }
        return canonical
    }

    private func accessMode(_ word: String?, line: Int) throws(ConfigurationError) -> WASIPreopen.Access {
        switch word?.lowercased() {
        case nil, "rw", "readwrite": return .readWrite
        case "ro", "readonly": return .readOnly
        case let other?: throw failure(line, "expected `ro` or `rw`, got `\(other)`")
        }
    }

    private func flag(_ word: String, line: Int) throws(ConfigurationError) -> Bool {
        switch word.lowercased() {
        case "on", "true", "yes": return true
        case "off", "false", "no": return false
        default: throw failure(line, "expected On or Off, got `\(word)`")
        }
    }

    private func failure(_ line: Int, _ message: String) -> ConfigurationError {
        ConfigurationError(file: fileName, line: line, message: message)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var result = Substring(self)
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return String(result)
    }

    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
