// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "WasmVM",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "WasmVM", targets: ["WasmVM"]),
        .library(name: "WASI", targets: ["WASI"]),
        .executable(name: "wasmvm", targets: ["wasmvm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "WasmVM", path: "Sources/WasmVM"),
        .target(name: "WASI", dependencies: ["WasmVM"], path: "Sources/WASI"),
        .target(name: "WastRunner", dependencies: ["WasmVM"], path: "Sources/WastRunner"),
        .executableTarget(
            name: "wasmvm",
            dependencies: [
                "WasmVM", "WASI", "WastRunner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Examples/wasmvm"
        ),
        .testTarget(name: "WasmVMTests", dependencies: ["WasmVM"], path: "Tests/WasmVMTests"),
        .testTarget(name: "WASITests", dependencies: ["WasmVM", "WASI"], path: "Tests/WASITests"),
        .testTarget(name: "SpecTests", dependencies: ["WasmVM", "WastRunner"], path: "Tests/SpecTests"),
    ]
)
