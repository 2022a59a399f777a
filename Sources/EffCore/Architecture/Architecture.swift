/// The full, expanded description of one EfficientNet-Lite network: every block after scaling.
///
/// Artifacts carry this in their metadata, so the engine needs nothing but the artifact to run.
public struct Architecture: Hashable, Codable, Sendable {
    public var width: Double
    public var depth: Double
    public var resolution: Int
    public var stemChannels: Int
    public var headChannels: Int
    public var classes: Int
    /// Always `relu6` in the Lite family.
    public var activation: String
    /// Always `tf_same`: TensorFlow `SAME` padding (see `Docs/ARTIFACT.md`).
    public var padding: String
    /// The BatchNorm epsilon that was used when BN was folded into the convolutions.
    public var bnEpsilon: Double
    public var blocks: [BlockSpec]

    public init(
        width: Double, depth: Double, resolution: Int, stemChannels: Int, headChannels: Int,
        classes: Int, activation: String, padding: String, bnEpsilon: Double, blocks: [BlockSpec]
    ) {
        self.width = width
        self.depth = depth
        self.resolution = resolution
        self.stemChannels = stemChannels
        self.headChannels = headChannels
        self.classes = classes
        self.activation = activation
        self.padding = padding
        self.bnEpsilon = bnEpsilon
        self.blocks = blocks
    }

    /// Builds a Lite network by compound scaling of the base block list.
    ///
    /// Lite rules: the stem (32) and head (1280) channels are not scaled, and neither are the
    /// repeats of the first and last stage; every other stage's repeats are `ceil(depth · r)`.
    /// Block channels are scaled with ``CompoundScaling/roundFilters(_:width:)``; the first block
    /// takes the stem's 32 channels as they are (TensorFlow's builder scales that block's nominal
    /// input, but its depthwise convolution sees the fixed stem, so the scaled number never matters).
    public init(coefficients: ScalingCoefficients, classes: Int = 1000) {
        let stages = StageSpec.efficientNetBase
        let stemChannels = 32
        var blocks: [BlockSpec] = []
        for (index, stage) in stages.enumerated() {
            let isFixed = index == 0 || index == stages.count - 1
            let repeats = isFixed ? stage.repeats : CompoundScaling.roundRepeats(stage.repeats, depth: coefficients.depth)
            let output = CompoundScaling.roundFilters(stage.outputChannels, width: coefficients.width)
            for repeatIndex in 0..<repeats {
                blocks.append(
                    BlockSpec(
                        kernel: stage.kernel,
                        stride: repeatIndex == 0 ? stage.stride : 1,
                        expandRatio: stage.expandRatio,
                        inputChannels: repeatIndex > 0 ? output : (blocks.last?.outputChannels ?? stemChannels),
                        outputChannels: output
                    )
                )
            }
        }
        self.init(
            width: coefficients.width, depth: coefficients.depth, resolution: coefficients.resolution,
            stemChannels: stemChannels, headChannels: 1280, classes: classes, activation: "relu6",
            padding: "tf_same", bnEpsilon: 1e-3, blocks: blocks
        )
    }

    /// The architecture of a catalog variant.
    public init(variant: Variant) {
        self.init(coefficients: variant.coefficients)
    }

    /// Channels entering the head convolution.
    public var lastBlockChannels: Int { blocks.last?.outputChannels ?? stemChannels }

    enum CodingKeys: String, CodingKey {
        case width, depth, resolution, classes, activation, padding, blocks
        case stemChannels = "stem_channels"
        case headChannels = "head_channels"
        case bnEpsilon = "bn_epsilon"
    }
}
