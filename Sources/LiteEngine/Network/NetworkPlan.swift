import EffCore
import LiteArtifact

/// The network of an architecture laid out as concrete steps with shapes and paddings, shared by
/// every backend so that they all run exactly the same computation.
public struct NetworkPlan: Sendable {
    /// A feature map shape (batch 1, NHWC).
    public struct Shape: Hashable, Sendable {
        public var height: Int
        public var width: Int
        public var channels: Int

        public var elementCount: Int { height * width * channels }
    }

    /// One layer applied to the output of the previous step.
    public struct Step: Sendable {
        public var layer: WeightLayout.Layer
        public var input: Shape
        public var output: Shape
        public var padding: Padding
        /// Clamp the output to [0, 6].
        public var relu6: Bool
        /// For projections with a residual connection: the index of the step whose output is
        /// added. `nil` when there is no residual.
        public var residualSource: Int?
        /// Global average pooling over H×W before this (fully connected) layer.
        public var poolsInput: Bool
    }

    public let steps: [Step]
    public let inputShape: Shape

    /// Number of logits.
    public var outputCount: Int { steps.last?.output.channels ?? 0 }

    public init(architecture: Architecture) {
        var builder = Builder(resolution: architecture.resolution)
        var layers = WeightLayout(architecture: architecture).layers.makeIterator()
        if let stem = layers.next() { builder.append(stem, relu6: true) }
        for block in architecture.blocks {
            let blockInput = builder.steps.count - 1
            if block.hasExpansion, let expand = layers.next() { builder.append(expand, relu6: true) }
            if let depthwise = layers.next() { builder.append(depthwise, relu6: true) }
            if let project = layers.next() {
                builder.append(project, relu6: false, residualSource: block.hasResidual ? blockInput : nil)
            }
        }
        if let head = layers.next() { builder.append(head, relu6: true) }
        if let classifier = layers.next() { builder.append(classifier, relu6: false) }
        steps = builder.steps
        inputShape = Shape(height: architecture.resolution, width: architecture.resolution, channels: 3)
    }

    private struct Builder {
        var steps: [Step] = []
        var current: Shape

        init(resolution: Int) {
            current = Shape(height: resolution, width: resolution, channels: 3)
        }

        mutating func append(_ layer: WeightLayout.Layer, relu6: Bool, residualSource: Int? = nil) {
            let step: Step
            switch layer.operation {
            case .convolution(let kernel, let stride, _, let channels), .depthwise(let kernel, let stride, let channels):
                let output = Shape(
                    height: (current.height + stride - 1) / stride,
                    width: (current.width + stride - 1) / stride,
                    channels: channels
                )
                let padding = Padding.tensorFlowSame(inputHeight: current.height, inputWidth: current.width, kernel: kernel, stride: stride)
                step = Step(
                    layer: layer, input: current, output: output, padding: padding, relu6: relu6, residualSource: residualSource,
                    poolsInput: false)
            case .fullyConnected(_, let channels):
                step = Step(
                    layer: layer, input: current, output: Shape(height: 1, width: 1, channels: channels),
                    padding: Padding(top: 0, left: 0, bottom: 0, right: 0), relu6: relu6, residualSource: nil, poolsInput: true
                )
            }
            steps.append(step)
            current = step.output
        }
    }
}
