/// One MBConv block (inverted residual without squeeze-excite) after scaling and repeat expansion.
public struct BlockSpec: Hashable, Codable, Sendable {
    public var kernel: Int
    public var stride: Int
    public var expandRatio: Int
    public var inputChannels: Int
    public var outputChannels: Int

    public init(kernel: Int, stride: Int, expandRatio: Int, inputChannels: Int, outputChannels: Int) {
        self.kernel = kernel
        self.stride = stride
        self.expandRatio = expandRatio
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
    }

    /// Channels between the expansion and the projection.
    public var hiddenChannels: Int { inputChannels * expandRatio }

    /// Whether the block has a 1×1 expansion convolution.
    public var hasExpansion: Bool { expandRatio != 1 }

    /// Whether the block adds its input to its output.
    public var hasResidual: Bool { stride == 1 && inputChannels == outputChannels }

    enum CodingKeys: String, CodingKey {
        case kernel, stride
        case expandRatio = "expand_ratio"
        case inputChannels = "input_channels"
        case outputChannels = "output_channels"
    }
}
