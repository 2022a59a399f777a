/// Inference-time BatchNorm parameters of one layer, to be folded into the preceding convolution.
public struct BatchNorm: Sendable {
    public var gamma: [Float]
    public var beta: [Float]
    public var mean: [Float]
    public var variance: [Float]
    public var epsilon: Double

    public init(gamma: [Float], beta: [Float], mean: [Float], variance: [Float], epsilon: Double) {
        self.gamma = gamma
        self.beta = beta
        self.mean = mean
        self.variance = variance
        self.epsilon = epsilon
    }

    /// Folds this BatchNorm into a bias-free convolution whose output channel of element `i` is
    /// given by `channelOf(i)`: `w' = w·γ/√(σ²+ε)`, `b = β − μ·γ/√(σ²+ε)`.
    public func fold(weight: [Float], channelOf: (Int) -> Int) throws(ArtifactError) -> LayerWeights {
        let channels = gamma.count
        guard beta.count == channels, mean.count == channels, variance.count == channels else {
            throw ArtifactError("BatchNorm parameter lengths differ (\(gamma.count)/\(beta.count)/\(mean.count)/\(variance.count))")
        }
        var scale = [Double](repeating: 0, count: channels)
        var bias = [Float](repeating: 0, count: channels)
        for channel in 0..<channels {
            let variance = Double(variance[channel])
            guard variance + epsilon > 0 else { throw ArtifactError("BatchNorm variance of channel \(channel) is negative") }
            scale[channel] = Double(gamma[channel]) / (variance + epsilon).squareRoot()
            bias[channel] = Float(Double(beta[channel]) - Double(mean[channel]) * scale[channel])
        }
        var folded = weight
        for index in folded.indices {
            let channel = channelOf(index)
            guard channel >= 0, channel < channels else {
                throw ArtifactError("weight element \(index) maps to channel \(channel) of \(channels)")
            }
            folded[index] = Float(Double(folded[index]) * scale[channel])
        }
        return LayerWeights(weight: folded, bias: bias)
    }

    /// Folds into OHWI (or `[out, in]`) weights: the channel is the leading index.
    public func foldLeadingChannel(weight: [Float]) throws(ArtifactError) -> LayerWeights {
        let perChannel = gamma.isEmpty ? 0 : weight.count / gamma.count
        guard perChannel * gamma.count == weight.count, perChannel > 0 else {
            throw ArtifactError("\(weight.count) weights do not divide into \(gamma.count) channels")
        }
        return try fold(weight: weight) { $0 / perChannel }
    }

    /// Folds into depthwise `[1, k, k, C]` weights: the channel is the trailing index.
    public func foldTrailingChannel(weight: [Float]) throws(ArtifactError) -> LayerWeights {
        let channels = gamma.count
        guard channels > 0, weight.count % channels == 0 else {
            throw ArtifactError("\(weight.count) weights do not divide into \(channels) channels")
        }
        return try fold(weight: weight) { $0 % channels }
    }
}
