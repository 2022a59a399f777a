import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// A real fleet on loopback for end-to-end tests: an `effregistry` process on a free port, agents
/// as `effagent` processes, and `effctl` runs against them.
final class FleetHarness {
    let root: URL
    let registry: ServiceProcess
    let url: String
    let adminToken: String
    private(set) var agents: [String: ServiceProcess] = [:]

    init(root: URL) throws {
        self.root = root
        let data = root.appendingPathComponent("registry")
        let portFile = root.appendingPathComponent("registry.port")
        registry = try ServiceProcess(
            Fixtures.executable("effregistry"),
            ["serve", "--data", data.path, "--listen", "127.0.0.1:0", "--port-file", portFile.path,
             "--catalog", Fixtures.repository.appendingPathComponent("Registry/variants.json").path],
            name: "registry", logURL: root.appendingPathComponent("registry.log"))
        let registry = self.registry
        try ServiceProcess.waitUntil(timeout: 30, "the registry's port file") {
            guard registry.isRunning else { throw Fixtures.Missing(description: "effregistry exited: \(registry.log)") }
            return FileManager.default.fileExists(atPath: portFile.path)
        }
        let port = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        url = "http://127.0.0.1:\(port)"
        adminToken = try String(contentsOf: data.appendingPathComponent("admin.token"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
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
        try ProcessRunner.run(Fixtures.executable("effctl"), arguments, timeout: timeout, environment: ["EFF_REGISTRY": url, "EFF_TOKEN": adminToken])
    }

    /// Starts (or restarts, with the same data folder) the agent `name`.
    @discardableResult
    func startAgent(_ name: String, fleet: String, enrollToken: String, budgetMs: Double? = nil, threads: Int = 1) throws -> ServiceProcess {
        var arguments = [
            "run", "--registry", url, "--enroll-token", enrollToken, "--name", name, "--fleet", fleet,
            "--threads", "\(threads)", "--data", root.appendingPathComponent("agents/\(name)").path,
            "--warmup", "3", "--runs", "15", "--min-seconds", "0.3", "--poll-seconds", "0.3",
            "--machine-lock", root.appendingPathComponent("machine.lock").path,
        ]
        if let budgetMs { arguments += ["--budget-ms", "\(budgetMs)"] }
        let restarts = agents.keys.filter { $0 == name || $0.hasPrefix(name + "#") }.count
        let agent = try ServiceProcess(
            Fixtures.executable("effagent"), arguments, name: name,
            logURL: root.appendingPathComponent("\(name)\(restarts == 0 ? "" : ".\(restarts)").log"))
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

    /// Everything the processes logged, for failure messages.
    var logs: String {
        ([registry] + agents.values).map { "== \($0.name)\n\($0.log.suffix(3000))" }.joined(separator: "\n")
    }
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
