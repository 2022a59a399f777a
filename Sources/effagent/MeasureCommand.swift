import ArgumentParser
import EffCore
import Foundation
import LiteEngine

extension EffAgent {
    /// `effagent measure`: one benchmark in this process, printed as JSON. The agent runs every
    /// benchmark this way, in a child process of its own (see `ChildProcessMeasurementRunner`).
    struct Measure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmark one artifact with one backend and print the result as JSON (the agent runs its benchmarks this way)."
        )

        @Option(help: "The artifact (.safetensors).") var artifact: String
        @Option(help: "Backend: auto, onednn, xnnpack or reference.") var backend: String = "auto"
        @Option(help: "Threads.") var threads = 1
        @Option(help: "Untimed warm-up runs.") var warmup = 5
        @Option(help: "Timed runs (at least).") var runs = 30
        @Option(name: .customLong("min-seconds"), help: "Minimum timed seconds per trial.") var minSeconds = 1.0
        @Option(help: "Trials.") var trials = 3

        func run() throws {
            guard let choice = BackendChoice(argument: backend) else {
                throw ValidationError("--backend must be one of \(BackendChoice.arguments.joined(separator: ", "))")
            }
            let options = BenchmarkOptions(
                backend: choice, threads: threads, warmup: warmup, runs: runs, minSeconds: minSeconds, trials: trials)
            let result = try BenchmarkHarness.run(artifactPath: artifact, options: options)
            let encoder = SnakeCaseJSON.encoder()
            encoder.outputFormatting = [.sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(result))
        }
    }
}
