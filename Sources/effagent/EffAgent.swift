import AgentCore
import ArgumentParser
import Foundation
import LiteEngine
import Logging
import RegistryAPI

/// `effagent`: the EffFleet agent daemon, one per edge device.
@main
struct EffAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effagent",
        abstract: "The EffFleet agent: enroll, benchmark artifacts on this machine, run what the registry assigns.",
        subcommands: [Run.self, Measure.self]
    )

    @Flag(help: "Print the version, the git commit and the engine's backends, then exit.") var version = false

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the agent until SIGTERM or SIGINT.")

        @Option(
            help: """
                Registry base URL, e.g. https://registry.example:8700; or several replicas' URLs separated by commas, \
                which the agent fails over between.
                """)
        var registry: String
        @Option(help: "PEM file of the CA the registry's certificate is verified against (default: the system's).") var caFile: String?
        @Option(
            help: "A file holding the fleet's enrollment token (argv shows in ps; a file need not); needed only for the first run.")
        var enrollTokenFile: String?
        @Option(
            help: "The fleet's enrollment token (or EFF_ENROLL_TOKEN); prefer --enroll-token-file, as argv shows in ps.")
        var enrollToken: String?
        @Option(help: "This device's name in its fleet.") var name: String
        @Option(help: "The fleet to enroll in.") var fleet: String
        @Option(parsing: .unconditional, help: "This device's latency budget (default: the fleet's).") var latencyBudgetMs: Double?
        @Option(parsing: .unconditional, help: "This device's memory budget for the model.") var memoryBudgetMb: Double?
        @Option(help: "Threads for benchmarks and serving.") var threads = 1
        @Option(help: "Backends to benchmark and serve with: auto (every one this CPU runs; the plan picks), onednn or xnnpack.")
        var backend: String = "auto"
        @Option(help: "Data folder: credentials, artifacts, the active link.") var data: String
        @Option(help: "Benchmark warm-up runs.") var warmup = 5
        @Option(help: "Benchmark timed runs per trial (at least; the registry refuses fewer than \(MeasurementRules.minimumRuns) in all).")
        var runs = 30
        @Option(name: .customLong("min-seconds"), help: "Benchmark minimum timed seconds per trial.") var minSeconds = 1.0
        @Option(help: "Benchmark trials (each of at least --runs runs and --min-seconds).") var trials = 3
        @Option(name: .customLong("poll-seconds"), help: "Pause between registry polls when idle.") var pollSeconds = 2.0
        @Option(name: .customLong("heartbeat-seconds"), help: "Most time between heartbeats.") var heartbeatSeconds = 10.0
        @Option(
            name: .customLong("machine-lock"), help: "A lock file shared by agents on one machine: only one of them measures at a time.")
        var machineLock: String?
        @Option(help: "Serve this agent's metrics (Prometheus text format) at http://ADDRESS/metrics; a loopback host:port only.")
        var metrics: String?

        func validate() throws {
            if let problem = AgentConfiguration.registryProblem(registry) { throw ValidationError("--registry: \(problem)") }
            guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256") }
            guard BackendChoice(argument: backend) != nil else {
                throw ValidationError("--backend must be one of \(BackendChoice.arguments.joined(separator: ", "))")
            }
            guard (1...100).contains(trials) else { throw ValidationError("--trials must be between 1 and 100") }
            guard runs * trials >= MeasurementRules.minimumRuns else {
                throw ValidationError(
                    "--runs × --trials must be at least \(MeasurementRules.minimumRuns): the registry refuses fewer runs")
            }
            guard pollSeconds > 0, pollSeconds <= 3600 else { throw ValidationError("--poll-seconds must be in (0, 3600]") }
            guard heartbeatSeconds >= 0.2, heartbeatSeconds <= 3600 else {
                throw ValidationError("--heartbeat-seconds must be in [0.2, 3600]")
            }
            if enrollTokenFile != nil, enrollToken != nil {
                throw ValidationError("pass --enroll-token-file or --enroll-token, not both")
            }
            if let latencyBudgetMs, let problem = LatencyBudget.problem(latencyBudgetMs) {
                throw ValidationError("--latency-budget-ms \(problem)")
            }
            if let memoryBudgetMb, !(memoryBudgetMb.isFinite && memoryBudgetMb > 0) {
                throw ValidationError("--memory-budget-mb must be a positive number of megabytes")
            }
            if let metrics {
                do { _ = try AgentMetricsServer(address: metrics) } catch { throw ValidationError(error.description) }
            }
        }

        /// The enrollment token from --enroll-token-file, --enroll-token or EFF_ENROLL_TOKEN, if any.
        private func enrollmentToken() throws -> String? {
            guard let enrollTokenFile else { return enrollToken ?? ProcessInfo.processInfo.environment["EFF_ENROLL_TOKEN"] }
            guard let text = try? String(contentsOfFile: enrollTokenFile, encoding: .utf8) else {
                throw ValidationError("--enroll-token-file: cannot read \(enrollTokenFile)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw ValidationError("--enroll-token-file: \(enrollTokenFile) is empty") }
            return token
        }

        func run() async throws {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .info
                return handler
            }
            let stop = StopSignal()
            stop.install()
            let configuration = AgentConfiguration(
                registry: registry, enrollmentToken: try enrollmentToken(),
                name: name, fleet: fleet, latencyBudgetMs: latencyBudgetMs, memoryBudgetMb: memoryBudgetMb, threads: threads,
                backend: BackendChoice(argument: backend) ?? .auto,
                dataDirectory: URL(fileURLWithPath: data, isDirectory: true),
                benchmark: BenchmarkOptions(threads: threads, warmup: warmup, runs: runs, minSeconds: minSeconds, trials: trials),
                machineLock: machineLock, pollInterval: .milliseconds(Int(pollSeconds * 1000)),
                heartbeatInterval: .milliseconds(Int(heartbeatSeconds * 1000)), caFile: caFile.flatMap { $0.isEmpty ? nil : $0 })
            let runner = ChildProcessMeasurementRunner(executable: ChildProcessMeasurementRunner.currentExecutable, stop: stop)
            let logger = Logger(label: "effagent.\(name)")
            let server = try metrics.map { try AgentMetricsServer(address: $0) }
            let agent = try Agent(
                configuration: configuration, runner: runner, stop: stop, logger: logger,
                metrics: server.map { AgentMetrics(factory: $0.factory) } ?? AgentMetrics())
            guard let server else { return try await agent.run() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run(logger: logger) }
                try await agent.run()
                group.cancelAll()
            }
        }
    }
}
