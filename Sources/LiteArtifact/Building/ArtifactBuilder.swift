import EffCore
import TensorIO

/// Assembles an FP32 artifact from per-layer weights and checks every shape against the layout.
public struct ArtifactBuilder: Sendable {
    public let metadata: ArtifactMetadata
    public let layout: WeightLayout
    private var weights: [String: LayerWeights] = [:]

    public init(metadata: ArtifactMetadata) {
        self.metadata = metadata
        self.layout = WeightLayout(architecture: metadata.architecture)
    }

    /// Sets the weights of the layer called `name` (e.g. `blocks.3.expand`).
    public mutating func set(_ name: String, _ layer: LayerWeights) throws(ArtifactError) {
        guard let spec = layout.layers.first(where: { $0.name == name }) else {
            throw ArtifactError("the \(metadata.variant.rawValue) layout has no layer '\(name)'")
        }
        let expected = spec.operation.weightShape.reduce(1, *)
        guard layer.weight.count == expected, layer.bias.count == spec.operation.outputChannels else {
            throw ArtifactError(
                "layer '\(name)' needs \(expected) weights \(spec.operation.weightShape) and \(spec.operation.outputChannels) biases, got "
                    + "\(layer.weight.count) and \(layer.bias.count)"
            )
        }
        guard layer.weight.allSatisfy(\.isFinite), layer.bias.allSatisfy(\.isFinite) else {
            throw ArtifactError("layer '\(name)' has non-finite weights")
        }
        weights[name] = layer
    }

    /// The encoded safetensors file; fails if any layer is missing.
    public func encoded() throws -> [UInt8] {
        try metadata.architecture.validate()
        var writer = SafeTensorsWriter(metadata: try metadata.encoded())
        for spec in layout.layers {
            guard let layer = weights[spec.name] else { throw ArtifactError("layer '\(spec.name)' has no weights") }
            try writer.add(spec.weightName, shape: spec.operation.weightShape, floats: layer.weight)
            try writer.add(spec.biasName, shape: [spec.operation.outputChannels], floats: layer.bias)
        }
        return try writer.encoded()
    }

    /// Writes the artifact atomically to `path`.
    public func write(to path: String) throws {
        try FileBytes.writeAtomically(try encoded(), to: path)
    }
}
