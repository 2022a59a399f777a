import ArgumentParser
import EffCore
import LiteArtifact

/// `effctl artifacts synth`: deterministic synthetic weights for latency work.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write an artifact with deterministic synthetic weights (right shapes, never accurate)."
    )

    @Option(help: "Variant: lite0…lite4.") var variant: Variant
    @Option(help: "Seed of the weight generator.") var seed: UInt64 = 0
    @Option(help: "Output artifact path.") var out: String

    func run() throws {
        try SyntheticWeights.builder(variant: variant, seed: seed).write(to: out)
        print("wrote \(out) (\(variant.rawValue), fp32, synthetic:\(seed))")
    }
}
