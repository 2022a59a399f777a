/// A layer's int8 weights (artifact layout) and int32 biases.
public struct QuantizedLayerWeights: Sendable {
    public var weight: [Int8]
    public var bias: [Int32]

    public init(weight: [Int8], bias: [Int32]) {
        self.weight = weight
        self.bias = bias
    }
}
