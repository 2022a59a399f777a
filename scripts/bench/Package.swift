// swift-tools-version:6.1
// The benchmarks' executables, apart from the product: they build against EffFleet's libraries.
//   swift build -c release --package-path scripts/bench --product planner-scale
import PackageDescription

let package = Package(
    name: "EffFleetBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "EffFleet", path: "../.."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // Plans a large synthetic fleet and prints time and peak memory (scripts/bench/planner-scale).
        .executableTarget(
            name: "planner-scale",
            dependencies: [
                .product(name: "Planner", package: "EffFleet"), .product(name: "EffCore", package: "EffFleet"),
                .product(name: "FleetModel", package: "EffFleet"),
            ]
        ),
        // Writes a synthetic fleet into a registry database (scripts/bench/registry-load, registry-scale).
        .executableTarget(
            name: "registry-seed",
            dependencies: [
                .product(name: "EffCore", package: "EffFleet"), .product(name: "RegistryStore", package: "EffFleet"),
                .product(name: "RegistryAPI", package: "EffFleet"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
