import Foundation

/// Runs a command to completion with a time limit and captures its output.
public struct ProcessRunner {
    /// What a finished command did.
    public struct Outcome: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// The command took longer than its limit and was killed.
    public struct Timeout: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` with `arguments`; kills it after `timeout` seconds.
    public static func run(
        _ executable: URL, _ arguments: [String], timeout: TimeInterval = 300, environment: [String: String]? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        // Output goes to files, so a chatty child never blocks on a full pipe.
        let directory = try Fixtures.temporaryDirectory("process")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                // SIGKILL: a child started from a concurrency thread may inherit a signal mask
                // that blocks SIGTERM.
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw Timeout(
                    description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) ran longer than \(timeout) s")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        let outputData = (try? Data(contentsOf: outputURL)) ?? Data()
        let errorData = (try? Data(contentsOf: errorURL)) ?? Data()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }

    /// Runs a command found on `PATH` through `/usr/bin/env`.
    public static func run(command: String, _ arguments: [String], timeout: TimeInterval = 300) throws -> Outcome {
        try run(URL(fileURLWithPath: "/usr/bin/env"), [command] + arguments, timeout: timeout)
    }
}
