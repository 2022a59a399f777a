import EffFleetTesting
import Foundation

/// A real `effregistry serve` on a free loopback port, with its own data folder, for tests.
final class RegistryProcess {
    let data: URL
    private(set) var url: String = ""
    let adminTokenPath: String
    private var process = Process()
    private let log: URL
    private let extraArguments: [String]

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the registry (with `extraArguments` after the usual ones) and returns once it listens
    /// (at most `timeout` seconds).
    init(extraArguments: [String] = [], timeout: TimeInterval = 60) throws {
        self.extraArguments = extraArguments
        data = try Fixtures.temporaryDirectory("effregistry")
        log = data.appendingPathComponent("registry.log")
        adminTokenPath = data.appendingPathComponent("data/admin.token").path
        try start(listen: "127.0.0.1:0", timeout: timeout)
    }

    /// Starts `effregistry serve` on `listen` and waits until it listens; sets ``url``.
    private func start(listen: String, timeout: TimeInterval) throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        process = Process()
        process.executableURL = Fixtures.executable("effregistry")
        let catalog = Fixtures.repository.appendingPathComponent("Registry/variants.json").path
        process.arguments =
            ["serve", "--data", data.appendingPathComponent("data").path, "--listen", listen, "--catalog", catalog] + extraArguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // Hummingbird logs the address it bound, port 0 resolved.
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression), text.contains("listening"),
                FileManager.default.fileExists(atPath: adminTokenPath)
            {
                url = (text.contains("(https)") ? "https://" : "http://") + text[range]
                return
            } else if !process.isRunning {
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
