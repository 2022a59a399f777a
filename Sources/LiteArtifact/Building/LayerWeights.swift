/// A layer's weights and bias, in the artifact's layout (see ``WeightLayout/Operation/weightShape``).
public struct LayerWeights: Sendable {
    public var weight: [Float]
    public var bias: [Float]

    public init(weight: [Float], bias: [Float]) {
        self.weight = weight
        self.bias = bias
    }
}
