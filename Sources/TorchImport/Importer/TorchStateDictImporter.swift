import EffCore
import LiteArtifact

/// Maps an EfficientNet-Lite PyTorch state dict (`_conv_stem`, `_blocks.N._expand_conv`, …) to
/// an FP32 artifact: BatchNorm folded in, weights transposed to the artifact's layouts.
public struct TorchStateDictImporter: Sendable {
    public let variant: Variant
    public let architecture: Architecture

    public init(variant: Variant) {
        self.variant = variant
        self.architecture = Architecture(variant: variant)
    }

    /// Builds the artifact from `checkpoint`; `source` and `sha256` describe where it came from.
    public func makeBuilder(checkpoint: TorchCheckpoint, source: String, sha256: String?) throws -> ArtifactBuilder {
        let metadata = ArtifactMetadata(
            variant: variant, precision: .fp32, architecture: architecture,
            origin: .pretrained(source: source), originSHA256: sha256
        )
        var builder = ArtifactBuilder(metadata: metadata)
        let epsilon = architecture.bnEpsilon
        let reader = StateDictReader(checkpoint: checkpoint, variant: variant)
        for layer in builder.layout.layers {
            let (convolution, norm) = Self.torchNames(of: layer.name)
            switch layer.operation {
            case .convolution(let kernel, _, let input, let output):
                let weight = try reader.floats(convolution + ".weight", shape: [output, input, kernel, kernel])
                let ohwi = Self.oihwToOHWI(weight, output: output, input: input, kernel: kernel)
                try builder.set(layer.name, try reader.batchNorm(norm, channels: output, epsilon: epsilon).foldLeadingChannel(weight: ohwi))
            case .depthwise(let kernel, _, let channels):
                let weight = try reader.floats(convolution + ".weight", shape: [channels, 1, kernel, kernel])
                let hwc = Self.chwToHWC(weight, channels: channels, kernel: kernel)
                try builder.set(
                    layer.name, try reader.batchNorm(norm, channels: channels, epsilon: epsilon).foldTrailingChannel(weight: hwc))
            case .fullyConnected(let input, let output):
                let weight = try reader.floats("_fc.weight", shape: [output, input])
                let bias = try reader.floats("_fc.bias", shape: [output])
                try builder.set(layer.name, LayerWeights(weight: weight, bias: bias))
            }
        }
        try reader.checkNoUnusedBlocks(blockCount: architecture.blocks.count)
        return builder
    }

    /// The PyTorch names of the convolution and BatchNorm behind an artifact layer.
    static func torchNames(of layer: String) -> (convolution: String, norm: String) {
        switch layer {
        case "stem": return ("_conv_stem", "_bn0")
        case "head": return ("_conv_head", "_bn1")
        case "classifier": return ("_fc", "")
        default:
            let parts = layer.split(separator: ".")
            let block = "_blocks.\(parts.count > 1 ? parts[1] : "")"
            switch parts.last {
            case "expand": return (block + "._expand_conv", block + "._bn0")
            case "depthwise": return (block + "._depthwise_conv", block + "._bn1")
            default: return (block + "._project_conv", block + "._bn2")
            }
        }
    }

    /// `[O, I, k, k]` → `[O, k, k, I]`.
    static func oihwToOHWI(_ weight: [Float], output: Int, input: Int, kernel: Int) -> [Float] {
        var result = [Float](repeating: 0, count: weight.count)
        for o in 0..<output {
            for i in 0..<input {
                for y in 0..<kernel {
                    for x in 0..<kernel {
                        result[((o * kernel + y) * kernel + x) * input + i] = weight[((o * input + i) * kernel + y) * kernel + x]
                    }
                }
            }
        }
        return result
    }

    /// `[C, 1, k, k]` → `[1, k, k, C]`.
    static func chwToHWC(_ weight: [Float], channels: Int, kernel: Int) -> [Float] {
        var result = [Float](repeating: 0, count: weight.count)
        for c in 0..<channels {
            for position in 0..<(kernel * kernel) {
                result[position * channels + c] = weight[c * kernel * kernel + position]
            }
        }
        return result
    }
}
