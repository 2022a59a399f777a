import EffCore
import EffFleetTesting
import Foundation
import LiteArtifact
import RegistryAPI
import RegistryClient

/// A real `effregistry` process on a free loopback port, seeded over HTTP the way effctl and
/// agents would: a fleet, synthetic artifacts, three devices (two heartbeating, one never seen),
/// synthetic but valid benchmark results, a plan and a running canary rollout.
final class ConsoleFleet {
    /// One (artifact, backend) pair `cam-1` measured, and what the planner must say of it.
    struct Pair: Sendable {
        var variant: Variant
        var backend: String
        var p90Ms: Double
        var lowerMs: Double
        var upperMs: Double
        var peakRssMb: Double
        var unstable = false
        var verdict: String
    }

    static let fleet = "demo"
    static let latencyBudgetMs = 20.0
    /// The planner's default, which the picture uses before any plan with another headroom.
    static let headroom = 0.1
    static let memoryBudgetMb = 300.0
    /// The registry's `--offline-after`: short, so that a device enrolled and never heard of again
    /// is offline within seconds.
    static let offlineAfter = 8.0
    /// cam-1's results. The fleet plans at p90; a pair fits when `upperMs × 1.1 ≤ 20`.
    static let pairs: [Pair] = [
        Pair(
            variant: .lite0, backend: "xnnpack", p90Ms: 6.0, lowerMs: 5.5, upperMs: 6.6, peakRssMb: 60, unstable: true,
            verdict: "unstable"),
        Pair(variant: .lite0, backend: "onednn", p90Ms: 4.0, lowerMs: 3.8, upperMs: 4.3, peakRssMb: 60, verdict: "outranked"),
        Pair(variant: .lite1, backend: "xnnpack", p90Ms: 13.0, lowerMs: 12.4, upperMs: 13.9, peakRssMb: 80, verdict: "outranked"),
        // As accurate as lite1 on xnnpack and faster beyond both intervals: the choice.
        Pair(variant: .lite1, backend: "onednn", p90Ms: 9.0, lowerMs: 8.6, upperMs: 9.5, peakRssMb: 80, verdict: "chosen"),
        Pair(variant: .lite2, backend: "xnnpack", p90Ms: 26.0, lowerMs: 25.0, upperMs: 27.5, peakRssMb: 100, verdict: "latency"),
        // Its point is left of the budget line, its interval's upper end right of it.
        Pair(variant: .lite2, backend: "onednn", p90Ms: 19.0, lowerMs: 18.2, upperMs: 20.0, peakRssMb: 100, verdict: "latency"),
        Pair(variant: .lite3, backend: "xnnpack", p90Ms: 30.0, lowerMs: 29.0, upperMs: 31.5, peakRssMb: 400, verdict: "memory"),
    ]

    let root: URL
    let registry: ServiceProcess
    let url: String
    let adminToken: String
    private(set) var artifacts: [Variant: ArtifactView] = [:]
    private(set) var deviceIdsByName: [String: String] = [:]
    private(set) var deviceTokensByName: [String: String] = [:]
    private(set) var rollout: DeploymentView?

    init(root: URL) throws {
        self.root = root
        let data = root.appendingPathComponent("registry")
        let portFile = root.appendingPathComponent("registry.port")
        registry = try ServiceProcess(
            Fixtures.executable("effregistry"),
            [
                "serve", "--data", data.path, "--listen", "127.0.0.1:0", "--port-file", portFile.path,
                "--offline-after", "\(Self.offlineAfter)",
                "--catalog", Fixtures.repository.appendingPathComponent("Registry/variants.json").path,
            ],
            name: "registry", logURL: root.appendingPathComponent("registry.log"))
        let registry = self.registry
        try ServiceProcess.waitUntil(timeout: 30, "the registry's port file") {
            guard registry.isRunning else { throw Fixtures.Missing(description: "effregistry exited: \(registry.log)") }
            return FileManager.default.fileExists(atPath: portFile.path)
        }
        let port = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        url = "http://127.0.0.1:\(port)"
        adminToken = try String(contentsOf: data.appendingPathComponent("admin.token"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates the fleet, uploads the artifacts, enrolls `cam-3` (never heard of again), `cam-1`
    /// and `cam-2` (its own budget; both measure every pair in ``pairs``), plans and starts a
    /// canary rollout (one device, then the other), which runs while its canary is `pending`.
    func seed() async throws {
        let admin = try RegistryClient(baseURL: url, token: adminToken)
        let fleet = try await admin.createFleet(
            CreateFleetRequest(name: Self.fleet, latencyBudgetMs: Self.latencyBudgetMs, percentile: .p90, allowSynthetic: true))
        let enrollToken = try XCTUnwrapped(fleet.enrollmentToken, "the fleet's enrollment token")
        for (variant, seed) in [(Variant.lite0, 1), (.lite1, 2), (.lite2, 3), (.lite3, 4)] {
            artifacts[variant] = try await admin.uploadArtifact(
                bytes: try SyntheticWeights.builder(variant: variant, seed: UInt64(seed)).encoded())
        }
        let enroller = try RegistryClient(baseURL: url, token: enrollToken)
        for (name, cores, budget, memory) in [("cam-3", 8, nil, nil), ("cam-1", 2, nil, Self.memoryBudgetMb), ("cam-2", 4, 12.0, nil)] {
            let hardware = HardwareReport(
                cpuModel: "Test CPU", cores: cores, memoryMb: 4096, architecture: "x86_64", backend: "auto", threads: 1)
            let enrolled = try await enroller.enroll(
                EnrollRequest(
                    name: name, fleet: Self.fleet, hardware: hardware, engineVersion: "0.1.0", latencyBudgetMs: budget,
                    memoryBudgetMb: memory))
            deviceIdsByName[name] = enrolled.deviceId
            deviceTokensByName[name] = enrolled.deviceToken
        }
        // cam-2 (12 ms) measures the same pairs: it gets lite1 on onednn too, in the second stage.
        for name in ["cam-1", "cam-2"] {
            let device = try device(name)
            for (position, pair) in Self.pairs.enumerated() {
                let artifact = try XCTUnwrapped(artifacts[pair.variant], "artifact \(pair.variant)")
                let stored = try await device.postResult(
                    BenchmarkReport(id: "\(name)-\(position)", artifactId: artifact.id, figures: Self.figures(pair)))
                guard stored.stored else { throw Fixtures.Missing(description: "\(name)'s result \(position) was not stored") }
            }
            try await device.heartbeat()
        }
        guard try await waitForLastSeen(admin, devices: ["cam-1", "cam-2"]) else {
            throw Fixtures.Missing(description: "the registry did not record cam-1's and cam-2's heartbeats within 10 s")
        }
        let plan = try await admin.createPlan(CreatePlanRequest(fleet: Self.fleet))
        rollout = try await admin.createDeployment(CreateDeploymentRequest(planId: plan.id, canaryPercent: 50, waves: 1))
    }

    /// The device client of `name`.
    func device(_ name: String) throws -> RegistryClient {
        try RegistryClient(baseURL: url, token: try XCTUnwrapped(deviceTokensByName[name], "token of \(name)"))
    }

    /// Heartbeats of `cam-1` and `cam-2` every second, as their agents would, until cancelled.
    func heartbeating() throws -> Task<Void, Never> {
        let devices = [try device("cam-1"), try device("cam-2")]
        return Task {
            while !Task.isCancelled {
                for device in devices { try? await device.heartbeat() }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Polls (every 100 ms, up to 30 s) until `name`'s last heartbeat is older than ``offlineAfter``.
    func waitUntilOffline(_ name: String) async throws {
        let admin = try RegistryClient(baseURL: url, token: adminToken)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let device = try await admin.listDevices(fleet: Self.fleet).first { $0.name == name }
            if let seen = device?.lastSeen, Date().timeIntervalSince1970 - seen > Self.offlineAfter + 0.5 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Fixtures.Missing(description: "\(name) still counts as seen after 30 s")
    }

    /// Polls (every 100 ms, up to 10 s) until the registry has written every device's heartbeat.
    private func waitForLastSeen(_ admin: RegistryClient, devices names: Set<String>) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let seen = try await admin.listDevices(fleet: Self.fleet).filter { names.contains($0.name) && $0.lastSeen != nil }
            if seen.count == names.count { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Figures that pass every measurement rule, with `pair`'s p90 and its interval.
    static func figures(_ pair: Pair) -> BenchmarkFigures {
        let p50 = pair.p90Ms * 0.9
        let p99 = pair.p90Ms * 1.1
        return BenchmarkFigures(
            backend: pair.backend, threads: 1, runs: 30, meanMs: pair.p90Ms * 0.92, stdMs: 0.3, minMs: p50 * 0.8, p50Ms: p50,
            p90Ms: pair.p90Ms, p99Ms: p99, maxMs: p99 * 1.2, initMs: 40, firstMs: p99 * 1.5, peakRssMb: pair.peakRssMb,
            engineVersion: "0.1.0", trials: 3, trialSpread: 0.02,
            intervals: LatencyIntervals(
                p50: PercentileInterval(lower: p50 * 0.96, upper: p50 * 1.04),
                p90: PercentileInterval(lower: pair.lowerMs, upper: pair.upperMs),
                p99: PercentileInterval(lower: p99 * 0.95, upper: p99 * 1.08)),
            unstable: pair.unstable)
    }

    /// Stops the registry.
    func stop() {
        registry.stop()
    }
}

/// `value`, or an error naming `what`.
func XCTUnwrapped<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw Fixtures.Missing(description: "missing \(what)") }
    return value
}
