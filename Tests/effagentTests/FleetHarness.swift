import EffFleetTesting
import Foundation
import LiteEngine
import RegistryAPI
import RegistryClient
import XCTest

/// A real fleet on loopback for end-to-end tests: an `effregistry` process on a free port, agents
/// as `effagent` processes, and `effctl` runs against them.
final class FleetHarness {
    let root: URL
    private(set) var registry: ServiceProcess
    let url: String
    let port: Int
    let adminToken: String
    private(set) var agents: [String: ServiceProcess] = [:]
    private var registryStarts = 0
    private var agentStarts: [String: Int] = [:]
    /// Passed to every start of `effregistry serve`, after the harness's own arguments.
    private let registryArguments: [String]

    var registryData: URL { root.appendingPathComponent("registry") }

    /// The backends an agent on this machine measures every artifact with (`--backend auto`).
    static let backends = BackendKind.measurable.map(\.rawValue)

    init(root: URL, registryArguments: [String] = []) throws {
        self.root = root
        self.registryArguments = registryArguments
        let data = root.appendingPathComponent("registry")
        let portFile = root.appendingPathComponent("registry.port")
        registry = try Self.startRegistry(
            data: data, listen: "127.0.0.1:0", portFile: portFile, log: root.appendingPathComponent("registry.log"),
            arguments: registryArguments)
        let port = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        self.port = Int(port) ?? 0
        url = "http://127.0.0.1:\(port)"
        adminToken = try String(contentsOf: data.appendingPathComponent("admin.token"), encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    private static func startRegistry(data: URL, listen: String, portFile: URL, log: URL, arguments: [String]) throws -> ServiceProcess {
        try? FileManager.default.removeItem(at: portFile)
        let registry = try ServiceProcess(
            Fixtures.executable("effregistry"),
            [
                "serve", "--data", data.path, "--listen", listen, "--port-file", portFile.path,
                "--catalog", Fixtures.repository.appendingPathComponent("Registry/variants.json").path,
            ] + arguments,
            name: "registry", logURL: log)
        try ServiceProcess.waitUntil(timeout: 30, "the registry's port file") {
            guard registry.isRunning else { throw Fixtures.Missing(description: "effregistry exited: \(registry.log)") }
            return FileManager.default.fileExists(atPath: portFile.path)
        }
        return registry
    }

    /// Stops the registry with `signal`, keeps it down for `downtime` seconds, and starts it again
    /// on the same port and data.
    func restartRegistry(signal: Int32, downtime: TimeInterval = 0) throws {
        registry.stop(signal: signal)
        Thread.sleep(forTimeInterval: downtime)
        registryStarts += 1
        registry = try Self.startRegistry(
            data: registryData, listen: "127.0.0.1:\(port)", portFile: root.appendingPathComponent("registry.port"),
            log: root.appendingPathComponent("registry.\(registryStarts).log"), arguments: registryArguments)
    }

    /// Starts another `effregistry serve` with the harness's registry arguments (so, with
    /// `--database`, on the same database) and a data folder of its own holding a copy of the admin
    /// token: a second replica. Returns it with its URL.
    func startReplica(_ name: String) throws -> (process: ServiceProcess, url: String) {
        let data = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: registryData.appendingPathComponent("admin.token"), to: data.appendingPathComponent("admin.token"))
        let portFile = root.appendingPathComponent("\(name).port")
        let replica = try Self.startRegistry(
            data: data, listen: "127.0.0.1:0", portFile: portFile, log: root.appendingPathComponent("\(name).log"),
            arguments: registryArguments)
        let port = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (replica, "http://127.0.0.1:\(port)")
    }

    /// An operator's client.
    func admin() throws -> RegistryClient {
        try RegistryClient(baseURL: url, token: adminToken)
    }

    /// Runs `effctl` with this registry and the admin token in its environment.
    func effctl(_ arguments: String..., timeout: TimeInterval = 300) throws -> ProcessRunner.Outcome {
        try effctl(arguments, timeout: timeout)
    }

    func effctl(_ arguments: [String], timeout: TimeInterval = 300) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(
            Fixtures.executable("effctl"), arguments, timeout: timeout, environment: ["EFF_REGISTRY": url, "EFF_TOKEN": adminToken])
    }

    /// Starts (or restarts, with the same data folder) the agent `name`.
    @discardableResult
    func startAgent(
        _ name: String, fleet: String, enrollToken: String, latencyBudgetMs: Double? = nil, threads: Int = 1, registryURL: String? = nil,
        extraArguments: [String] = [], onCPU cpu: Int? = nil
    ) throws -> ServiceProcess {
        var arguments = [
            "run", "--registry", registryURL ?? url, "--enroll-token", enrollToken, "--name", name, "--fleet", fleet,
            "--threads", "\(threads)", "--data", root.appendingPathComponent("agents/\(name)").path,
            "--warmup", "3", "--runs", "8", "--min-seconds", "0.1", "--trials", "3", "--poll-seconds", "0.3",
            "--machine-lock", root.appendingPathComponent("machine.lock").path,
        ]
        if let latencyBudgetMs { arguments += ["--latency-budget-ms", "\(latencyBudgetMs)"] }
        arguments += extraArguments
        agentStarts[name, default: 0] += 1
        let starts = agentStarts[name, default: 1]
        // Pinned to one CPU with taskset when asked: a one-core device.
        let (executable, commandLine) =
            cpu.map { (URL(fileURLWithPath: "/usr/bin/taskset"), ["-c", "\($0)", Fixtures.executable("effagent").path] + arguments) }
            ?? (Fixtures.executable("effagent"), arguments)
        let agent = try ServiceProcess(
            executable, commandLine, name: name,
            logURL: root.appendingPathComponent("\(name)\(starts == 1 ? "" : ".\(starts)").log"))
        agents[name] = agent
        return agent
    }

    /// The agent's data folder.
    func agentData(_ name: String) -> URL {
        root.appendingPathComponent("agents/\(name)")
    }

    /// Stops every agent and the registry with SIGTERM; returns their exit statuses by name.
    func stopAll() -> [String: Int32?] {
        var statuses: [String: Int32?] = [:]
        for (name, agent) in agents { statuses[name] = agent.stop() }
        statuses["registry"] = registry.stop()
        return statuses
    }

    /// Everything the processes logged (the current run of each), for failure messages.
    var logs: String {
        ([registry] + agents.values).map { "== \($0.name)\n\($0.log.suffix(3000))" }.joined(separator: "\n")
    }

    /// Everything an agent logged over all its runs.
    func agentLog(_ name: String) -> String {
        (1...max(1, agentStarts[name, default: 1])).map { start in
            (try? String(contentsOf: root.appendingPathComponent("\(name)\(start == 1 ? "" : ".\(start)").log"), encoding: .utf8)) ?? ""
        }.joined()
    }

    /// Builds `effctl artifacts synth` artifacts (deterministic weights, real engine cost).
    func synthesize(_ variant: String, seeds: [Int]) throws -> [URL] {
        try seeds.map { seed in
            let out = root.appendingPathComponent("\(variant)-\(seed).safetensors")
            let outcome = try ProcessRunner.run(
                Fixtures.executable("effctl"), ["artifacts", "synth", "--variant", variant, "--seed", "\(seed)", "--out", out.path])
            guard outcome.status == 0 else { throw Fixtures.Missing(description: "synth failed: \(outcome.standardError)") }
            return out
        }
    }

    /// Creates fleet `name` (whose devices benchmark synthetic artifacts too) and returns its enrollment token.
    func createFleet(_ name: String, latencyBudgetMs: Double = 1000) throws -> String {
        let tokenFile = root.appendingPathComponent("\(name).token")
        let created = try effctl(
            "fleets", "create", name, "--latency-budget-ms", "\(latencyBudgetMs)", "--allow-synthetic", "--token-out", tokenFile.path)
        guard created.status == 0 else { throw Fixtures.Missing(description: "fleets create failed: \(created.standardError)") }
        return try String(contentsOf: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Whether `count` benchmark jobs of `fleet` (of `device`, if given) are done and every backend's
/// result of each has arrived: the first result a device delivers completes its job, and the other
/// backends' results follow from its outbox a moment later.
func benchmarksSettled(_ admin: RegistryClient, fleet: String, device: String? = nil, count: Int) async throws -> Bool {
    let jobs = try await admin.listJobs(fleet: fleet, device: device)
    guard jobs.count == count, jobs.allSatisfy({ $0.state == "done" }) else { return false }
    let results = Set(try await admin.listResults(device: device).map(\.id))
    return jobs.allSatisfy { job in FleetHarness.backends.allSatisfy { results.contains("job-\(job.id)-\($0)") } }
}

/// Asserts that the `count` benchmark jobs of `fleet` have exactly one result for each backend,
/// and that there is no other result: nothing acknowledged was lost, nothing stored twice.
func assertEveryResultStoredOnce(
    _ admin: RegistryClient, fleet: String, jobs count: Int, file: StaticString = #filePath, line: UInt = #line
) async throws {
    let jobs = try await admin.listJobs(fleet: fleet)
    let results = try await admin.listResults()
    XCTAssertEqual(jobs.count, count, file: file, line: line)
    XCTAssertEqual(results.count, count * FleetHarness.backends.count, "every result stored exactly once", file: file, line: line)
    XCTAssertEqual(
        Set(results.map(\.id)), Set(jobs.flatMap { job in FleetHarness.backends.map { "job-\(job.id)-\($0)" } }), file: file, line: line)
}

/// Polls `condition` every 200 ms until it holds or `timeout` seconds pass.
func eventually(timeout: TimeInterval, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(200))
    }
    XCTFail("timed out after \(Int(timeout)) s waiting for \(what)")
    throw CancellationError()
}
