// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "WasmVM",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "WasmVM", targets: ["WasmVM"]),
        .library(name: "WASI", targets: ["WASI"]),
        .library(name: "CGIBridge", targets: ["CGIBridge"]),
        .library(name: "SnapshotStore", targets: ["SnapshotStore"]),
        .executable(name: "wasmvm", targets: ["wasmvm"]),
        .executable(name: "php-server", targets: ["php-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        // System libraries, found with pkg-config (Debian: libzstd-dev, libsqlite3-dev).
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
                       providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),

        .target(name: "WasmVM", dependencies: ["CZstd"], path: "Sources/WasmVM"),
        .target(name: "WASI", dependencies: ["WasmVM"], path: "Sources/WASI"),
        .target(name: "CGIBridge", dependencies: ["WasmVM", "WASI"], path: "Sources/CGIBridge"),
        .target(name: "SnapshotStore", dependencies: ["WasmVM", "CSQLite"], path: "Sources/SnapshotStore"),
        .target(name: "WastRunner", dependencies: ["WasmVM"], path: "Sources/WastRunner"),
        .executableTarget(
            name: "wasmvm",
            dependencies: [
                "WasmVM", "WASI", "WastRunner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Examples/wasmvm"
        ),
        .executableTarget(
            name: "php-server",
            dependencies: [
                "WasmVM", "WASI", "CGIBridge", "SnapshotStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/Examples/php-server",
            resources: [.copy("DemoApp")]
        ),
        .executableTarget(name: "snapshot-restore-bench", dependencies: ["WasmVM"], path: "Bench/SnapshotRestore"),
        // Spawning native php-cgi (posix_spawn + pipes), shared by the two benchmarks that measure it.
        .target(name: "NativeCGI", dependencies: ["CGIBridge"], path: "Bench/NativeCGI"),
        // Per-request PHP timing: snapshot-warm vs cold vs Debian's native php-cgi (Docs/Benchmarks.md).
        .executableTarget(name: "php-request-bench", dependencies: ["WasmVM", "WASI", "CGIBridge", "NativeCGI"],
                          path: "Bench/PHPRequest"),
        // The wrk baseline: the same HTTP stack as php-server, spawning native php-cgi per request.
        .executableTarget(
            name: "native-cgi-server",
            dependencies: [
                "CGIBridge", "NativeCGI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Bench/NativeCGIServer"
        ),
        .testTarget(name: "WasmVMTests", dependencies: ["WasmVM"], path: "Tests/WasmVMTests"),
        .testTarget(name: "WASITests", dependencies: ["WasmVM", "WASI"], path: "Tests/WASITests"),
        .testTarget(name: "SpecTests", dependencies: ["WasmVM", "WastRunner"], path: "Tests/SpecTests", exclude: ["Wast"]),
        .testTarget(name: "FuzzTests", dependencies: ["WasmVM"], path: "Tests/FuzzTests"),
        .testTarget(name: "CGIBridgeTests", dependencies: ["WasmVM", "WASI", "CGIBridge"], path: "Tests/CGIBridgeTests"),
        .testTarget(name: "SnapshotTests", dependencies: ["WasmVM", "WASI", "SnapshotStore", "WastRunner"], path: "Tests/SnapshotTests"),
        // Drives the built php-server binary over HTTP (Adminer, DokuWiki, the demo app).
        .testTarget(name: "PHPServerTests", path: "Tests/PHPServerTests", exclude: ["Fixtures"]),
    ]
)
