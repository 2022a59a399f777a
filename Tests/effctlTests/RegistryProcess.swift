import EffFleetTesting
import Foundation

/// A real `effregistry serve` on a free loopback port, with its own data folder, for tests.
final class RegistryProcess {
    let data: URL
    private(set) var url: String = ""
    let adminTokenPath: String
    private var process = Process()
    private let log: URL
    private let registryData: URL
    private let arguments: [String]
    private let environment: [String: String]

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the registry (with `arguments` added to `serve`'s, such as `--database URL` or
    /// `--tls-cert`) and returns once it listens (at most `timeout` seconds); `environment` is added
    /// to this process's. Its data folder is `registryData` when given (kept by ``stop()``), else one
    /// of its own.
    init(timeout: TimeInterval = 60, registryData: URL? = nil, arguments: [String] = [], environment: [String: String] = [:]) throws {
        data = try Fixtures.temporaryDirectory("effregistry")
        self.registryData = registryData ?? data.appendingPathComponent("data")
        self.arguments = arguments
        self.environment = environment
        log = data.appendingPathComponent("registry.log")
        adminTokenPath = self.registryData.appendingPathComponent("admin.token").path
        try start(listen: "127.0.0.1:0", timeout: timeout)
    }

    /// Starts `effregistry serve` on `listen` and waits until it listens; sets ``url`` (https when
    /// it was given a certificate).
    private func start(listen: String, timeout: TimeInterval) throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let portFile = data.appendingPathComponent("port").path
        try? FileManager.default.removeItem(atPath: portFile)
        process = Process()
        process.executableURL = Fixtures.executable("effregistry")
        let catalog = Fixtures.repository.appendingPathComponent("Registry/variants.json").path
        process.arguments =
            ["serve", "--data", registryData.path, "--listen", listen, "--catalog", catalog, "--port-file", portFile] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // The registry writes the port it bound (port 0 resolved) once it listens.
        let scheme = arguments.contains("--tls-cert") ? "https" : "http"
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let port = (try? String(contentsOfFile: portFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let port, !port.isEmpty, FileManager.default.fileExists(atPath: adminTokenPath) {
                url = "\(scheme)://127.0.0.1:\(port)"
                return
            }
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if !process.isRunning {
                throw StartFailure(description: "effregistry exited: \(text)")
            } else if Date() > deadline {
                Foundation.kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw StartFailure(description: "effregistry did not start within \(timeout) s: \(text)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Kills the registry (SIGKILL, as a crash would).
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts it again on the same port over the same data, after ``kill()``.
    func startAgain(timeout: TimeInterval = 60) throws {
        let port = url.split(separator: ":").last.map(String.init) ?? "0"
        try start(listen: "127.0.0.1:\(port)", timeout: timeout)
    }

    /// The admin token.
    func adminToken() throws -> String {
        try String(contentsOfFile: adminTokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the registry and removes its data.
    func stop() {
        kill()
        try? FileManager.default.removeItem(at: data)
    }

    deinit {
        stop()
    }
}
