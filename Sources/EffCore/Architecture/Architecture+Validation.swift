/// Why an architecture description cannot be run.
public struct ArchitectureError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "invalid architecture: \(message)" }
}

extension Architecture {
    /// Bounds that keep a hostile description from asking for absurd amounts of work or memory.
    public enum Limits {
        public static let resolution = 32...1024
        public static let channels = 1...8192
        public static let blocks = 1...128
        public static let classes = 1...100_000
        public static let kernels: Set<Int> = [1, 3, 5, 7]
        public static let strides: Set<Int> = [1, 2]
        public static let expandRatios = 1...8
    }

    /// Checks that the description is one this engine can run: known activation and padding, sane
    /// sizes, and blocks whose channels chain from the stem to the head.
    public func validate() throws(ArchitectureError) {
        guard activation == "relu6" else { throw ArchitectureError("activation '\(activation)' is not relu6") }
        guard padding == "tf_same" else { throw ArchitectureError("padding '\(padding)' is not tf_same") }
        guard Limits.resolution.contains(resolution) else {
            throw ArchitectureError("resolution \(resolution) outside \(Limits.resolution)")
        }
        guard Limits.channels.contains(stemChannels), Limits.channels.contains(headChannels) else {
            throw ArchitectureError("stem/head channels \(stemChannels)/\(headChannels) outside \(Limits.channels)")
        }
        guard Limits.classes.contains(classes) else { throw ArchitectureError("classes \(classes) outside \(Limits.classes)") }
        guard Limits.blocks.contains(blocks.count) else {
            throw ArchitectureError("\(blocks.count) blocks, expected \(Limits.blocks)")
        }
        guard bnEpsilon.isFinite, bnEpsilon >= 0 else {
            throw ArchitectureError("bn_epsilon \(bnEpsilon) is not a finite non-negative number")
        }
        var channels = stemChannels
        for (index, block) in blocks.enumerated() {
            guard block.inputChannels == channels else {
                throw ArchitectureError("block \(index) takes \(block.inputChannels) channels but receives \(channels)")
            }
            guard Limits.kernels.contains(block.kernel) else { throw ArchitectureError("block \(index): kernel \(block.kernel)") }
            guard Limits.strides.contains(block.stride) else { throw ArchitectureError("block \(index): stride \(block.stride)") }
            guard Limits.expandRatios.contains(block.expandRatio) else {
                throw ArchitectureError("block \(index): expand ratio \(block.expandRatio)")
            }
            guard Limits.channels.contains(block.outputChannels), Limits.channels.contains(block.hiddenChannels) else {
                throw ArchitectureError("block \(index): channels outside \(Limits.channels)")
            }
            channels = block.outputChannels
        }
    }
}
