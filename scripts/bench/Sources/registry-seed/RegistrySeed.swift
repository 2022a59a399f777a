import ArgumentParser
import EffCore
import Foundation
import RegistryStore

/// `registry-seed`: writes a synthetic fleet straight into a registry's SQLite database, for the
/// registry benchmarks (`scripts/bench/registry-load`, `scripts/bench/registry-scale`).
@main
struct RegistrySeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry-seed",
        abstract: "Seed a registry data folder with a synthetic fleet: artifact rows, devices, results.",
        discussion: """
            Artifacts are records with tiny blobs (SeedBlobs), so that `effregistry migrate` can move the \
            registry into PostgreSQL; planning needs no more. Device tokens are deterministic \
            (sha256 of 'seed:FLEET:N'), so --tokens-out can hand them to a load generator. Run it while \
            effregistry is stopped, or restart effregistry afterwards.
            """
    )

    @Option(help: "Data folder of the registry (registry.sqlite is created if needed).") var data: String
    @Option(help: "Fleet to create (must not exist).") var fleet = "scale"
    @Option(help: "Devices to enroll.") var devices = 100_000
    @Option(help: "Hardware classes the devices fall into.") var classes = 1_000
    @Option(help: "Artifact records (lite0…lite4 × fp32/int8, repeating).") var artifacts = 10
    @Option(name: .customLong("results-per-device"), help: "Artifacts each device has measured (rotating).") var resultsPerDevice = 3
    @Option(name: .customLong("tokens-out"), help: "Write the first --tokens device tokens to this file, one a line.") var tokensOut:
        String?
    @Option(help: "How many device tokens to write with --tokens-out.") var tokens = 1_000
    @Option(name: .customLong("batch"), help: "Devices per transaction.") var batch = 10_000
    @Option(
        name: .customLong("print-planning-sql"),
        help: "Print the store's planning query (devices or results) for --fleet, for EXPLAIN QUERY PLAN, and exit.")
    var printPlanningSQL: PlanningQuery?

    enum PlanningQuery: String, ExpressibleByArgument {
        case devices, results
    }

    func validate() throws {
        guard devices >= 0, classes > 0, (1...1_000).contains(artifacts), (0...artifacts).contains(resultsPerDevice), batch > 0 else {
            throw ValidationError(
                "need devices ≥ 0, classes > 0, 1 ≤ artifacts ≤ 1000, 0 ≤ results-per-device ≤ artifacts, batch > 0")
        }
    }

    func run() async throws {
        if let printPlanningSQL {
            let sql = printPlanningSQL == .devices ? RegistryStore.planningDevicesSQL : RegistryStore.planningResultsSQL
            print(sql.replacingOccurrences(of: "?", with: "'\(fleet.replacingOccurrences(of: "'", with: "''"))'"))
            return
        }
        let directory = URL(fileURLWithPath: data, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path)
        let shape = SeedFleet(
            fleet: fleet, deviceCount: devices, classCount: classes, artifactCount: artifacts, resultsPerDevice: resultsPerDevice)
        let start = ContinuousClock.now
        let counts = try await shape.write(to: database, devicesPerTransaction: batch)
        try SeedBlobs.write(count: artifacts, into: directory)
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        if let tokensOut {
            let lines = (0..<min(tokens, devices)).map { SeedFleet.token(fleet: fleet, position: $0) }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: tokensOut), options: .atomic)
        }
        print(
            "seeded fleet \(fleet): \(counts.devices) devices in \(classes) classes, \(counts.artifacts) artifacts, "
                + "\(counts.results) results, \(counts.jobs) jobs in \(String(format: "%.1f", seconds)) s")
    }
}
