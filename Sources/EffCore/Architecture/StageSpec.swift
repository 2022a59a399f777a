/// One stage of the unscaled (Lite0) block list: `repeats` MBConv blocks of the same shape.
public struct StageSpec: Hashable, Sendable {
    public var repeats: Int
    public var kernel: Int
    public var stride: Int
    public var expandRatio: Int
    public var inputChannels: Int
    public var outputChannels: Int

    public init(repeats: Int, kernel: Int, stride: Int, expandRatio: Int, inputChannels: Int, outputChannels: Int) {
        self.repeats = repeats
        self.kernel = kernel
        self.stride = stride
        self.expandRatio = expandRatio
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
    }

    /// The base block list of EfficientNet (`r1_k3_s11_e1_i32_o16` … `r1_k3_s11_e6_i192_o320`),
    /// without squeeze-excite as the Lite family uses it.
    public static let efficientNetBase: [StageSpec] = [
        StageSpec(repeats: 1, kernel: 3, stride: 1, expandRatio: 1, inputChannels: 32, outputChannels: 16),
        StageSpec(repeats: 2, kernel: 3, stride: 2, expandRatio: 6, inputChannels: 16, outputChannels: 24),
        StageSpec(repeats: 2, kernel: 5, stride: 2, expandRatio: 6, inputChannels: 24, outputChannels: 40),
        StageSpec(repeats: 3, kernel: 3, stride: 2, expandRatio: 6, inputChannels: 40, outputChannels: 80),
        StageSpec(repeats: 3, kernel: 5, stride: 1, expandRatio: 6, inputChannels: 80, outputChannels: 112),
        StageSpec(repeats: 4, kernel: 5, stride: 2, expandRatio: 6, inputChannels: 112, outputChannels: 192),
        StageSpec(repeats: 1, kernel: 3, stride: 1, expandRatio: 6, inputChannels: 192, outputChannels: 320),
    ]
}
