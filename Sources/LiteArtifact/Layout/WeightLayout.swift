import EffCore

/// The convolution-like layers of a network, in execution order, with their artifact names.
public struct WeightLayout: Sendable {
    /// What one named layer computes.
    public enum Operation: Hashable, Sendable {
        /// Dense convolution, weights `[out, k, k, in]` (OHWI).
        case convolution(kernel: Int, stride: Int, input: Int, output: Int)
        /// Depthwise convolution, weights `[1, k, k, channels]`.
        case depthwise(kernel: Int, stride: Int, channels: Int)
        /// Fully connected, weights `[out, in]`.
        case fullyConnected(input: Int, output: Int)

        /// Shape of the weight tensor.
        public var weightShape: [Int] {
            switch self {
            case .convolution(let kernel, _, let input, let output): [output, kernel, kernel, input]
            case .depthwise(let kernel, _, let channels): [1, kernel, kernel, channels]
            case .fullyConnected(let input, let output): [output, input]
            }
        }

        /// Output channels (length of the bias).
        public var outputChannels: Int {
            switch self {
            case .convolution(_, _, _, let output): output
            case .depthwise(_, _, let channels): channels
            case .fullyConnected(_, let output): output
            }
        }
    }

    /// One named layer: its weight is `"\(name).weight"`, its bias `"\(name).bias"`.
    public struct Layer: Hashable, Sendable {
        public var name: String
        public var operation: Operation

        public var weightName: String { "\(name).weight" }
        public var biasName: String { "\(name).bias" }
    }

    public let layers: [Layer]
    /// Projection layers whose output is added to their block's input.
    public let residualLayers: Set<String>

    /// The layers of `architecture` (see `Docs/ARTIFACT.md`).
    public init(architecture: Architecture) {
        var residualLayers: Set<String> = []
        var layers: [Layer] = [
            Layer(name: "stem", operation: .convolution(kernel: 3, stride: 2, input: 3, output: architecture.stemChannels))
        ]
        for (index, block) in architecture.blocks.enumerated() {
            let hidden = block.hiddenChannels
            if block.hasExpansion {
                layers.append(
                    Layer(
                        name: Self.blockLayer(index, "expand"),
                        operation: .convolution(kernel: 1, stride: 1, input: block.inputChannels, output: hidden)))
            }
            layers.append(
                Layer(
                    name: Self.blockLayer(index, "depthwise"),
                    operation: .depthwise(kernel: block.kernel, stride: block.stride, channels: hidden)))
            layers.append(
                Layer(
                    name: Self.blockLayer(index, "project"),
                    operation: .convolution(kernel: 1, stride: 1, input: hidden, output: block.outputChannels)))
            if block.hasResidual {
                residualLayers.insert(Self.blockLayer(index, "project"))
            }
        }
        layers.append(
            Layer(
                name: "head",
                operation: .convolution(kernel: 1, stride: 1, input: architecture.lastBlockChannels, output: architecture.headChannels)))
        layers.append(Layer(name: "classifier", operation: .fullyConnected(input: architecture.headChannels, output: architecture.classes)))
        self.layers = layers
        self.residualLayers = residualLayers
    }

    /// The artifact name of a layer inside block `index`.
    public static func blockLayer(_ index: Int, _ part: String) -> String {
        "blocks.\(index).\(part)"
    }

    /// Total number of weights and biases.
    public var parameterCount: Int {
        layers.reduce(0) { $0 + $1.operation.weightShape.reduce(1, *) + $1.operation.outputChannels }
    }
}
