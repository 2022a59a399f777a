import ArgumentParser
import EffCtlCore
import Foundation
import LiteArtifact
import LiteEngine

/// `effctl engine profile`: per-layer timings on oneDNN or XNNPACK.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Time every layer of an artifact (median of --runs).",
        discussion: """
            oneDNN (auto on x86): every layer inside whole-network runs; residual adds are fused into their \
            projections (+add). XNNPACK: every layer as its own operator, buffers kept in cache.
            """
    )

    @Option(help: "Artifact path.") var artifact: String
    @Option(help: "Threads.") var threads: Int = 1
    @Option(help: "Timed runs per layer.") var runs: Int = 50
    @Option(help: "Backend: auto (the fastest available here), onednn or xnnpack.") var backend: BackendChoice = .auto
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        guard (1...256).contains(threads) else { throw CLIError("--threads must be 1…256, got \(threads)") }
        guard (1...10_000).contains(runs) else { throw CLIError("--runs must be 1…10000, got \(runs)") }
        let opened = try Artifact(path: artifact)
        let layers: [LayerProfile]
        switch try BackendKind.resolve(backend, precision: opened.metadata.precision) {
        case .onednn: layers = try OneDNNBackend.profile(artifact: opened, threads: threads, runs: runs)
        case .xnnpack: layers = try OperatorProfiler.profile(artifact: opened, threads: threads, runs: runs)
        case .reference: throw CLIError("--backend reference has no profile; use onednn or xnnpack")
        }
        if json {
            try JSONOutput.print(layers)
            return
        }
        let total = layers.reduce(0) { $0 + $1.milliseconds }
        let unsigned = layers.contains { $0.alternativeMilliseconds != nil }
        print(
            "layer".padding(toLength: 26, withPad: " ", startingAt: 0) + "kind       output          MMACs      ms   share  GOP/s"
                + (unsigned ? "   qu8 ms" : ""))
        for layer in layers {
            let alternative = layer.alternativeMilliseconds.map { String(format: " %8.3f", $0) } ?? ""
            print(
                String(
                    format: "%@%@%@%8.2f %7.3f %6.1f%% %7.1f%@",
                    layer.name.padding(toLength: 26, withPad: " ", startingAt: 0),
                    layer.kind.padding(toLength: 11, withPad: " ", startingAt: 0),
                    layer.output.padding(toLength: 14, withPad: " ", startingAt: 0),
                    Double(layer.multiplyAccumulates) / 1e6, layer.milliseconds, 100 * layer.milliseconds / total, layer.gigaflops,
                    alternative))
        }
        for kind in ["conv", "depthwise", "add", "pool", "fc"] {
            let part = layers.filter { $0.kind == kind }
            let time = part.reduce(0) { $0 + $1.milliseconds }
            let alternative = part.compactMap(\.alternativeMilliseconds)
            let unsignedTime = alternative.isEmpty ? "" : String(format: "   (qu8 %.3f ms)", alternative.reduce(0, +))
            print(String(format: "%-10@ %7.3f ms  %5.1f%%%@", kind, time, 100 * time / total, unsignedTime))
        }
        print(String(format: "total      %7.3f ms", total))
    }
}
