import ArgumentParser
import Foundation
import LiteEngine

/// `effctl engine bench`: the benchmark harness the agents use, from the command line.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark an artifact at batch 1: init, first-run and steady-state latency, peak RSS."
    )

    @Option(help: "Artifact path.") var artifact: String
    @Option(help: "Threads.") var threads: Int = 1
    @Option(help: "Untimed warm-up runs.") var warmup: Int = 10
    @Option(help: "Timed runs (at least).") var runs: Int = 100
    @Option(name: .customLong("min-seconds"), help: "Keep each trial timing until this many seconds have passed.") var minSeconds: Double =
        0
    @Option(help: "Trials: timed blocks of --runs runs (and --min-seconds) each; their spread shows how stable the figure is.")
    var trials: Int = 3
    @Option(help: "Backend: auto (the fastest available here), onednn, xnnpack or reference.") var backend: BackendChoice = .auto
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let options = BenchmarkOptions(
            backend: backend, threads: threads, warmup: warmup, runs: runs, minSeconds: minSeconds, trials: trials)
        let result = try BenchmarkHarness.run(artifactPath: artifact, options: options)
        if json {
            try JSONOutput.print(result)
        } else {
            for line in result.report { print(line) }
        }
    }
}
