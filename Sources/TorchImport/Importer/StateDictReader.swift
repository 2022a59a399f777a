import EffCore
import LiteArtifact

/// Shape-checked access to the tensors of a state dict.
struct StateDictReader {
    let checkpoint: TorchCheckpoint
    let variant: Variant

    /// The tensor `name` in logical (C-contiguous) order, after checking its shape.
    func floats(_ name: String, shape: [Int]) throws(ArtifactError) -> [Float] {
        guard let tensor = checkpoint[name] else {
            throw ArtifactError("the weights have no tensor '\(name)'; are they \(variant.rawValue) weights?")
        }
        guard tensor.shape == shape else {
            throw ArtifactError(
                "tensor '\(name)' has shape \(tensor.shape), \(variant.rawValue) needs \(shape); are these \(variant.rawValue) weights?")
        }
        do {
            return try tensor.floats()
        } catch {
            throw ArtifactError("tensor '\(name)': \(error)")
        }
    }

    /// The BatchNorm called `prefix`, checked to have `channels` channels.
    func batchNorm(_ prefix: String, channels: Int, epsilon: Double) throws(ArtifactError) -> BatchNorm {
        BatchNorm(
            gamma: try floats(prefix + ".weight", shape: [channels]),
            beta: try floats(prefix + ".bias", shape: [channels]),
            mean: try floats(prefix + ".running_mean", shape: [channels]),
            variance: try floats(prefix + ".running_var", shape: [channels]),
            epsilon: epsilon
        )
    }

    /// Fails when the file has more blocks than the variant: the weights belong to a deeper variant.
    func checkNoUnusedBlocks(blockCount: Int) throws(ArtifactError) {
        let prefix = "_blocks.\(blockCount)."
        if checkpoint.names.contains(where: { $0.hasPrefix(prefix) }) {
            throw ArtifactError("the weights have more than \(blockCount) blocks; they are not \(variant.rawValue) weights")
        }
    }
}
