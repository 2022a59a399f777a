import EffCore
import TensorIO

/// An artifact opened for use: validated metadata and a memory map of its tensors.
///
/// Opening checks everything a backend relies on: the format version, the architecture, and that
/// every tensor of the layout is present with the right dtype and shape. Weight bytes are not
/// copied; they are read from the map when a backend builds its graph.
public struct Artifact: Sendable {
    public let path: String
    public let metadata: ArtifactMetadata
    public let layout: WeightLayout
    public let file: SafeTensorsFile

    /// Opens and validates the artifact at `path`.
    public init(path: String) throws(ArtifactError) {
        self.path = path
        do {
            file = try SafeTensorsFile(path: path)
        } catch {
            throw ArtifactError(error.description)
        }
        do {
            metadata = try ArtifactMetadata(decoding: file.metadata)
        } catch {
            throw ArtifactError("\(path): \(error.message)")
        }
        layout = WeightLayout(architecture: metadata.architecture)
        try validateTensors()
    }

    /// The variant's weights of layer `layer` as floats.
    public func weights(of layer: WeightLayout.Layer) throws(ArtifactError) -> LayerWeights {
        do {
            return LayerWeights(weight: try file.floats(layer.weightName), bias: try file.floats(layer.biasName))
        } catch {
            throw ArtifactError(error.description)
        }
    }

    /// The int8 weights and int32 biases of `layer` in an INT8 artifact.
    public func quantizedWeights(of layer: WeightLayout.Layer) throws(ArtifactError) -> QuantizedLayerWeights {
        do {
            return QuantizedLayerWeights(
                weight: try file.elements(layer.weightName, dtype: .i8, as: Int8.self),
                bias: try file.elements(layer.biasName, dtype: .i32, as: Int32.self)
            )
        } catch {
            throw ArtifactError(error.description)
        }
    }

    /// Bytes of tensor data (all tensors together).
    public var weightBytes: Int {
        file.tensors.values.reduce(0) { $0 + $1.byteRange.count }
    }

    private func validateTensors() throws(ArtifactError) {
        var expected: [String: [Int]] = [:]
        for layer in layout.layers {
            expected[layer.weightName] = layer.operation.weightShape
            expected[layer.biasName] = [layer.operation.outputChannels]
        }
        let isInt8 = metadata.precision == .int8
        for (name, shape) in expected {
            guard let info = file.tensors[name] else { throw ArtifactError("\(path): tensor '\(name)' is missing") }
            let dtype: SafeTensorsDType = isInt8 ? (name.hasSuffix(".weight") ? .i8 : .i32) : .f32
            guard info.dtype == dtype else {
                throw ArtifactError("\(path): tensor '\(name)' is \(info.dtype.rawValue), expected \(dtype.rawValue)")
            }
            guard info.shape == shape else { throw ArtifactError("\(path): tensor '\(name)' has shape \(info.shape), expected \(shape)") }
        }
        if let unknown = file.tensors.keys.sorted().first(where: { expected[$0] == nil }) {
            throw ArtifactError("\(path): unexpected tensor '\(unknown)'")
        }
    }
}
