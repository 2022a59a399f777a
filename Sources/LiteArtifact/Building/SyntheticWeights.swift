import EffCore
import Foundation

/// Deterministic, correctly shaped weights for variants without public weights.
///
/// Weights are drawn from a normal distribution scaled by `√(2 / fan-in)` (He initialisation) from
/// a SplitMix64 stream seeded by `seed`, so activations stay in a realistic range and latency is
/// representative. The artifact's origin is `synthetic:<seed>`: it is never accurate.
public enum SyntheticWeights {
    /// Builds the artifact for `variant` from `seed`.
    public static func builder(variant: Variant, seed: UInt64) throws(ArtifactError) -> ArtifactBuilder {
        let architecture = Architecture(variant: variant)
        var builder = ArtifactBuilder(
            metadata: ArtifactMetadata(variant: variant, precision: .fp32, architecture: architecture, origin: .synthetic(seed: seed))
        )
        var generator = SplitMix64(seed: seed)
        for layer in builder.layout.layers {
            let shape = layer.operation.weightShape
            let count = shape.reduce(1, *)
            let fanIn: Int =
                switch layer.operation {
                case .convolution(let kernel, _, let input, _): kernel * kernel * input
                case .depthwise(let kernel, _, _): kernel * kernel
                case .fullyConnected(let input, _): input
                }
            let scale = Float((2.0 / Double(fanIn)).squareRoot())
            let weight = (0..<count).map { _ in generator.nextGaussian() * scale }
            let bias = (0..<layer.operation.outputChannels).map { _ in generator.nextGaussian() * 0.01 }
            try builder.set(layer.name, LayerWeights(weight: weight, bias: bias))
        }
        return builder
    }
}

extension SplitMix64 {
    /// Uniform in (0, 1].
    mutating func nextUnit() -> Double {
        (Double(next() >> 11) + 1) / Double(1 << 53)
    }

    /// Standard normal by Box–Muller.
    mutating func nextGaussian() -> Float {
        let radius = (-2 * log(nextUnit())).squareRoot()
        return Float(radius * cos(2 * Double.pi * nextUnit()))
    }
}
