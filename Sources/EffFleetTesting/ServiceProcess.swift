import Foundation

/// A long-running child process (a registry, an agent) whose output goes to a log file, which a
/// test stops with a signal of its choosing.
public final class ServiceProcess: @unchecked Sendable {
    public let name: String
    public let logURL: URL
    private let process = Process()

    /// Starts `executable` with `arguments`; stdout and stderr go to `logURL`.
    public init(_ executable: URL, _ arguments: [String], name: String, logURL: URL, environment: [String: String]? = nil) throws {
        self.name = name
        self.logURL = logURL
        process.executableURL = executable
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
    }

    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// What the process has written so far.
    public var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Sends `signal` and waits up to `timeout` seconds for the exit; returns the exit status,
    /// or nil if the process had to be killed with SIGKILL after the timeout.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` seconds pass.
    public static func waitUntil(timeout: TimeInterval, _ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw Fixtures.Missing(description: "timed out after \(Int(timeout)) s waiting for \(what)")
    }
}
