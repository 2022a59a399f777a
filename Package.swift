// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "EffFleet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "effctl", targets: ["effctl"]),
        .executable(name: "effregistry", targets: ["effregistry"]),
        .executable(name: "effagent", targets: ["effagent"]),
        .library(name: "LiteEngine", targets: ["LiteEngine"]),
        // For the benchmarks' own package (scripts/bench/Package.swift).
        .library(name: "EffCore", targets: ["EffCore"]),
        .library(name: "FleetModel", targets: ["FleetModel"]),
        .library(name: "Planner", targets: ["Planner"]),
        .library(name: "RegistryAPI", targets: ["RegistryAPI"]),
        .library(name: "RegistryStore", targets: ["RegistryStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // TLS for the registry (HummingbirdTLS over swift-nio-ssl).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Metrics: the swift-metrics API with Prometheus' text format as its backend (`/metrics`).
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Tests only: property-based tests of the registry's validation of results and health reports.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Core types: variants, compound scaling, architecture, measurement statistics.
        .target(name: "EffCore"),
        // What `--version` prints: the version, and the git commit the build recorded (BuildInfoPlugin).
        .target(name: "BuildInfo", plugins: ["BuildInfoPlugin"]),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        // The fleet's domain: figures, budgets and the pure rules (assignment states, stage judge,
        // rollback, health gate, measurement rules). No I/O, no wire or database types.
        .target(name: "FleetModel", dependencies: ["EffCore"]),
        // File formats: safetensors and .npy.
        .target(name: "TensorIO"),
        // The artifact: metadata, tensor naming, building (BN folding, synthetic weights), loading.
        .target(
            name: "LiteArtifact",
            dependencies: ["EffCore", "TensorIO", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Reader for legacy torch.save files and the mapping of their state dicts to artifacts.
        .target(name: "TorchImport", dependencies: ["EffCore", "LiteArtifact"]),
        // XNNPACK through the system library (libxnnpack-dev, libpthreadpool-dev).
        .systemLibrary(
            name: "CXNNPACK",
            providers: [.apt(["libxnnpack-dev", "libpthreadpool-dev"])]
        ),
        // oneDNN (Intel's x86 kernels, OpenMP threading) through the system library (libdnnl-dev).
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        // The native engine: backends, preprocessing, classification, benchmark harness.
        .target(
            name: "LiteEngine",
            dependencies: ["EffCore", "TensorIO", "LiteArtifact", "CXNNPACK", "CDNNL", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The planner: the most accurate artifact that fits each device's budget. Pure: no I/O.
        .target(name: "Planner", dependencies: ["EffCore", "FleetModel"]),
        // The registry's storage: SQLite through GRDB (records, migrations) and the blob store.
        .target(
            name: "RegistryStore",
            dependencies: [
                "EffCore", "FleetModel", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The registry's storage on PostgreSQL: the same FleetStore, for several registry replicas on one database.
        .target(
            name: "PostgresStore",
            dependencies: [
                "EffCore", "FleetModel", "RegistryStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The registry's wire types, shared by the service, the agent and effctl; they re-export
        // the domain types they carry.
        .target(name: "RegistryAPI", dependencies: ["EffCore", "FleetModel"]),
        // The web console at `/` (server-rendered HTML and SVG; templates in Sources/RegistryConsole/Templates).
        .target(
            name: "RegistryConsole",
            dependencies: [
                "EffCore", "FleetModel", "RegistryStore", "Planner",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Templates"), .copy("Assets")]
        ),
        // Metrics in Prometheus' text format: a swift-metrics backend over swift-prometheus that
        // exports help texts and our names (registry and agent).
        .target(
            name: "FleetMetrics",
            dependencies: [
                .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The registry's HTTP service (Hummingbird 2).
        .target(
            name: "RegistryService",
            dependencies: [
                "EffCore", "FleetModel", "LiteArtifact", "RegistryStore", "RegistryAPI", "Planner", "RegistryConsole",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "FleetMetrics",
            ]
        ),
        .executableTarget(
            name: "effregistry",
            dependencies: [
                "RegistryService", "RegistryStore", "PostgresStore", "EffCore", "BuildInfo",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // libcurl for the agents: typed wrappers around its variadic C functions (libcurl4-openssl-dev).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // The agents' HTTP client: keep-alive requests, JSON helpers, resumable verified downloads.
        .target(name: "CurlClient", dependencies: ["CCurl", .product(name: "Crypto", package: "swift-crypto")]),
        // A typed client for every registry route, over libcurl (effctl and the agent).
        .target(
            name: "RegistryClient",
            dependencies: ["EffCore", "CurlClient", "RegistryAPI", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The agent: its local state, machine description and its loop (jobs, benchmarks, assignments).
        .target(
            name: "AgentCore",
            dependencies: [
                "RegistryAPI", "RegistryClient", "LiteEngine",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // `effagent run`: the daemon on each edge device.
        .executableTarget(
            name: "effagent",
            dependencies: [
                "AgentCore", "EffCore", "LiteEngine", "RegistryAPI", "BuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // `--metrics 127.0.0.1:PORT`: the agent's own metrics, served on loopback.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "FleetMetrics",
            ]
        ),
        // effctl's pure part: tables, CSV, plan and deployment rendering, time parsing, device
        // lookup, the rollout's outcome; unit-tested like any library.
        .target(name: "EffCtlCore", dependencies: ["EffCore", "RegistryAPI", "RegistryClient"]),
        .executableTarget(
            name: "effctl",
            dependencies: [
                "EffCore", "EffCtlCore", "TensorIO", "LiteArtifact", "TorchImport", "LiteEngine", "RegistryAPI", "RegistryClient",
                "BuildInfo", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers that make tests run on real data and real processes.
        .target(name: "EffFleetTesting", path: "Sources/EffFleetTesting"),
        // A fresh PostgreSQL database per test, on the server scripts/test starts (EFF_POSTGRES_URL).
        .target(
            name: "PostgresTesting",
            dependencies: [
                "PostgresStore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "EffCoreTests", dependencies: ["EffCore"]),
        .testTarget(name: "FleetModelTests", dependencies: ["FleetModel", "EffCore"]),
        .testTarget(name: "TensorIOTests", dependencies: ["TensorIO"]),
        .testTarget(name: "LiteArtifactTests", dependencies: ["LiteArtifact", "EffCore", "TensorIO"]),
        .testTarget(name: "TorchImportTests", dependencies: ["TorchImport", "LiteArtifact", "EffFleetTesting"]),
        .testTarget(name: "LiteEngineTests", dependencies: ["LiteEngine", "LiteArtifact", "TorchImport", "TensorIO", "EffFleetTesting"]),
        .testTarget(
            name: "CurlClientTests",
            dependencies: ["CurlClient", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "AgentCoreTests",
            dependencies: [
                "AgentCore", "EffFleetTesting", "RegistryAPI", "RegistryClient", "CurlClient", "LiteEngine",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The fleet end to end: effregistry, effagent and effctl as real processes on loopback.
        .testTarget(
            name: "effagentTests",
            dependencies: [
                "effagent", "effregistry", "effctl", "AgentCore", "LiteEngine", "RegistryClient", "RegistryAPI", "EffFleetTesting",
                "PostgresStore", "PostgresTesting", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "EffCore", "FleetModel"]),
        .testTarget(
            name: "RegistryStoreTests",
            dependencies: [
                "RegistryStore", "PostgresStore", "PostgresTesting", "EffCore", "FleetModel", "EffFleetTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "RegistryServiceTests",
            dependencies: [
                "RegistryService", "RegistryAPI", "RegistryStore", "LiteArtifact", "EffFleetTesting", "EffCore", "PostgresStore",
                "PostgresTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // The console: sign-in over HTTP, and in headless Chromium against a live effregistry process (Fixtures/console_browser.py).
        .testTarget(
            name: "RegistryConsoleTests",
            dependencies: [
                "effregistry", "RegistryService", "RegistryClient", "RegistryAPI", "LiteArtifact", "EffFleetTesting", "EffCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "RegistryClientTests", dependencies: ["RegistryClient", "RegistryAPI"]),
        .testTarget(
            name: "effctlTests",
            dependencies: [
                "effctl", "EffCtlCore", "TensorIO", "EffFleetTesting", "PostgresStore", "PostgresTesting", "RegistryAPI", "RegistryClient",
                "RegistryStore",
            ]
        ),
    ]
)

// The upcoming features Hummingbird builds with: `any` spelled out for existentials, and members
// visible only from modules a file imports.
for target in package.targets where target.type != .system && target.type != .plugin {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
}
