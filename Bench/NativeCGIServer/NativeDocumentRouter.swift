import Foundation

/// Maps a URL path to a file below the document root the way php-server's router does for a PHP site
/// (Apache with `DirectoryIndex index.php` and a front-controller rewrite): a `.php` file runs (what follows it
/// is PATH_INFO), another file is served, a directory uses its `index.php`, and anything else goes to the
/// front controller.
///
/// Kept deliberately small: it only has to route the benchmark's URLs exactly as php-server does, and refuse
/// anything that could leave the document root.
struct NativeDocumentRouter: Sendable {
    enum Route: Equatable {
        case script(hostPath: String, scriptName: String, pathInfo: String?)
        case staticFile(hostPath: String)
        case redirect(location: String)
        case status(Int)
    }

    let documentRoot: String
    let frontController: String?

    func route(_ rawPath: String) -> Route {
        guard let decoded = rawPath.removingPercentEncoding, !decoded.contains("\0") else { return .status(400) }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // ".." and hidden files (.htaccess, .git) are never reachable, as in php-server.
        if segments.contains(where: { $0.hasPrefix(".") }) { return .status(403) }

        var hostPath = documentRoot
        var scriptName = ""
        for (index, segment) in segments.enumerated() {
            hostPath += "/" + segment
            scriptName += "/" + segment
            switch kind(of: hostPath) {
            case .file where segment.hasSuffix(".php"):
                let rest = segments[(index + 1)...]
                return .script(hostPath: hostPath, scriptName: scriptName,
                               pathInfo: rest.isEmpty ? nil : "/" + rest.joined(separator: "/"))
            case .file:
                return index == segments.count - 1 ? .staticFile(hostPath: hostPath) : .status(404)
            case .directory:
                continue
            case .missing:
                return frontControllerRoute()
            }
        }
        // The path named a directory (or the root).
        if !decoded.hasSuffix("/") && !segments.isEmpty { return .redirect(location: rawPath + "/") }
        let index = hostPath + "/index.php"
        if kind(of: index) == .file {
            return .script(hostPath: index, scriptName: scriptName + "/index.php", pathInfo: nil)
        }
        return frontControllerRoute()
    }

    private func frontControllerRoute() -> Route {
        guard let frontController else { return .status(404) }
        let hostPath = documentRoot + "/" + frontController
        guard kind(of: hostPath) == .file else { return .status(404) }
        return .script(hostPath: hostPath, scriptName: "/" + frontController, pathInfo: nil)
    }

    private enum Kind { case file, directory, missing }

    private func kind(of path: String) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .missing
        }
    }
}
