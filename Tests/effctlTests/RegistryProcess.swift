import EffFleetTesting
import Foundation

/// A real `effregistry serve` on a free loopback port, with its own data folder, for tests.
final class RegistryProcess {
    let data: URL
    let url: String
    let adminTokenPath: String
    private let process: Process
    private let log: URL

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the registry (with `arguments` added to `serve`'s, such as `--database URL`) and
    /// returns once it listens (at most `timeout` seconds); `environment` is added to this process's.
    /// Its data folder is `registryData` when given (kept by ``stop()``), else one of its own.
    init(timeout: TimeInterval = 60, registryData: URL? = nil, arguments: [String] = [], environment: [String: String] = [:]) throws {
        data = try Fixtures.temporaryDirectory("effregistry")
        let registryData = registryData ?? data.appendingPathComponent("data")
        log = data.appendingPathComponent("registry.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        process = Process()
        process.executableURL = Fixtures.executable("effregistry")
        let catalog = Fixtures.repository.appendingPathComponent("Registry/variants.json").path
        let portFile = data.appendingPathComponent("port").path
        process.arguments =
            [
                "serve", "--data", registryData.path, "--listen", "127.0.0.1:0", "--catalog", catalog, "--port-file",
                portFile,
            ]
            + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        adminTokenPath = registryData.appendingPathComponent("admin.token").path

        // The registry writes the port it bound (port 0 resolved) once it listens.
        let deadline = Date().addingTimeInterval(timeout)
        var found: String?
        while found == nil {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let port = (try? String(contentsOfFile: portFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let port, !port.isEmpty, FileManager.default.fileExists(atPath: adminTokenPath) {
                found = "http://127.0.0.1:\(port)"
            } else if !process.isRunning {
                throw StartFailure(description: "effregistry exited: \(text)")
            } else if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw StartFailure(description: "effregistry did not start within \(timeout) s: \(text)")
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        url = found ?? ""
    }

    /// The admin token.
    func adminToken() throws -> String {
        try String(contentsOfFile: adminTokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the registry and removes its data.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: data)
    }

    deinit {
        stop()
    }
}
