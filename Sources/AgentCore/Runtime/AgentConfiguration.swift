import Foundation
import LiteEngine
import RegistryClient

/// How an agent runs: where its registry and data are, who it is, and how it measures.
public struct AgentConfiguration: Sendable {
    /// Base URL of the registry, e.g. `https://registry.example:8700`, or the URLs of several
    /// replicas separated by commas (see ``registryURLs``).
    public var registry: String
    /// A PEM file of the CA the registry's certificate is verified against; nil uses the system's.
    public var caFile: String?
    /// The fleet's enrollment token; needed only until the device has enrolled.
    public var enrollmentToken: String?
    public var name: String
    public var fleet: String
    /// The device's own latency budget; nil takes the fleet's default.
    public var latencyBudgetMs: Double?
    public var memoryBudgetMb: Double?
    /// Threads for benchmarks and serving.
    public var threads: Int
    /// Which backends to benchmark: `auto` measures every one this CPU runs (the plan then picks,
    /// per artifact, the backend to serve with); a named one restricts the device to it.
    public var backend: BackendChoice
    public var dataDirectory: URL
    /// Warm-up, runs and minimum time of each benchmark (backend and threads are set per run).
    public var benchmark: BenchmarkOptions
    /// The short in-service measurement after an activation, reported as the assignment's health.
    public var healthCheck: BenchmarkOptions
    /// A file whose `flock` the agent holds while measuring, shared by agents on one machine.
    public var machineLock: String?
    /// Pause between polls of the registry when there is nothing to do.
    public var pollInterval: Duration
    /// Most time between heartbeats.
    public var heartbeatInterval: Duration

    public init(
        registry: String, enrollmentToken: String?, name: String, fleet: String, latencyBudgetMs: Double? = nil,
        memoryBudgetMb: Double? = nil, threads: Int = 1, backend: BackendChoice = .auto, dataDirectory: URL,
        benchmark: BenchmarkOptions = MeasurementPolicy.benchmark,
        healthCheck: BenchmarkOptions = MeasurementPolicy.healthCheck,
        machineLock: String? = nil, pollInterval: Duration = .seconds(2), heartbeatInterval: Duration = .seconds(10),
        caFile: String? = nil
    ) {
        self.registry = registry
        self.caFile = caFile
        self.enrollmentToken = enrollmentToken
        self.name = name
        self.fleet = fleet
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMb = memoryBudgetMb
        self.threads = threads
        self.backend = backend
        self.dataDirectory = dataDirectory
        self.benchmark = benchmark
        self.healthCheck = healthCheck
        self.machineLock = machineLock
        self.pollInterval = pollInterval
        self.heartbeatInterval = heartbeatInterval
    }

    /// The registry replicas' base URLs, in the order the agent tries them.
    public var registryURLs: [String] {
        registry.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// What is wrong with a `--registry` value (one URL, or several separated by commas), or nil.
    public static func registryProblem(_ registry: String) -> String? {
        let urls = registry.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for url in urls {
            guard (try? RegistryClient(baseURL: url, token: nil)) != nil else {
                return "'\(url)' is not an http:// or https:// URL with a host"
            }
        }
        return nil
    }

    /// The backends this device benchmarks every artifact with.
    public var measuredBackends: [BackendKind] {
        switch backend {
        case .auto: BackendKind.measurable
        case .kind(let kind): [kind]
        }
    }
}
