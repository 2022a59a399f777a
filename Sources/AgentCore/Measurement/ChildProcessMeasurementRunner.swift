import EffCore
import Foundation
import LiteEngine

/// Runs every measurement in a child process of its own (`effagent measure …`, which prints a
/// ``BenchmarkResult`` as JSON), so that:
/// - its peak RSS is that one model's, not the agent's running high-water mark;
/// - a model that crashes or runs past `timeout` fails its measurement, and the agent lives on;
/// - nothing (thread pools, OpenMP workers, allocator state) is left over for the next model;
/// - the agent's own threads (heartbeats) keep running while a model computes, even on one core.
///
/// A stop request kills the child at once and ends the measurement with ``AgentStopped``.
public struct ChildProcessMeasurementRunner: MeasurementRunner {
    /// The `effagent` executable to run as `executable measure …`.
    public let executable: URL
    /// Longest a single measurement may run before it is killed.
    public let timeout: Duration
    let stop: StopSignal

    public init(executable: URL, timeout: Duration = .seconds(600), stop: StopSignal) {
        self.executable = executable
        self.timeout = timeout
        self.stop = stop
    }

    /// The running executable (`/proc/self/exe`), for an agent that measures with itself.
    public static var currentExecutable: URL {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path)
    }

    /// The child's arguments for `options`.
    static func arguments(artifactPath: String, options: BenchmarkOptions) -> [String] {
        [
            "measure", "--artifact", artifactPath, "--backend", options.backend.description, "--threads", "\(options.threads)",
            "--warmup", "\(options.warmup)", "--runs", "\(options.runs)", "--min-seconds", "\(options.minSeconds)",
            "--trials", "\(options.trials)",
        ]
    }

    public func measure(artifactPath: String, options: BenchmarkOptions) async throws -> BenchmarkResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = Self.arguments(artifactPath: artifactPath, options: options)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The child's output is a few hundred bytes: it never fills a pipe, so reading it after
        // the child exited is safe. Polling every 50 ms lets a stop or the deadline cut in.
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            if stop.isRequested || clock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                if stop.isRequested { throw AgentStopped() }
                throw AgentError("the benchmark ran past its \(timeout) limit and was killed")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationReason == .exit else {
            throw AgentError("the benchmark crashed (signal \(process.terminationStatus))\(Self.lastLine(stderr))")
        }
        guard process.terminationStatus == 0 else {
            throw AgentError("the benchmark failed (exit \(process.terminationStatus))\(Self.lastLine(stderr))")
        }
        do {
            return try SnakeCaseJSON.decoder().decode(BenchmarkResult.self, from: stdout)
        } catch {
            throw AgentError("the benchmark printed no result: \(error)")
        }
    }

    /// `: <the last line of text>`, or nothing.
    private static func lastLine(_ text: String) -> String {
        guard let line = text.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        return ": " + line.prefix(300)
    }
}
