extension Architecture {
    /// Spatial output edge of a TF-`SAME` layer with this stride.
    public static func sameOutputSize(_ input: Int, stride: Int) -> Int {
        (input + stride - 1) / stride
    }

    /// Trainable parameters of the unfolded network, as TensorFlow counts them: convolution
    /// kernels (no bias), BatchNorm γ and β for every convolution, and the classifier's weights
    /// and bias.
    public var trainableParameters: Int {
        var total = 3 * 3 * 3 * stemChannels + 2 * stemChannels
        for block in blocks {
            let hidden = block.hiddenChannels
            if block.hasExpansion {
                total += block.inputChannels * hidden + 2 * hidden
            }
            total += block.kernel * block.kernel * hidden + 2 * hidden
            total += hidden * block.outputChannels + 2 * block.outputChannels
        }
        total += lastBlockChannels * headChannels + 2 * headChannels
        total += headChannels * classes + classes
        return total
    }

    /// Parameters after BatchNorm folding, as stored in an artifact (every convolution gets a bias).
    public var foldedParameters: Int {
        var total = 3 * 3 * 3 * stemChannels + stemChannels
        for block in blocks {
            let hidden = block.hiddenChannels
            if block.hasExpansion {
                total += block.inputChannels * hidden + hidden
            }
            total += block.kernel * block.kernel * hidden + hidden
            total += hidden * block.outputChannels + block.outputChannels
        }
        total += lastBlockChannels * headChannels + headChannels
        total += headChannels * classes + classes
        return total
    }

    /// Multiply-accumulates of one inference at ``resolution`` (convolutions and the classifier).
    public var multiplyAccumulates: Int {
        var size = Self.sameOutputSize(resolution, stride: 2)
        var total = size * size * stemChannels * 3 * 3 * 3
        for block in blocks {
            let hidden = block.hiddenChannels
            if block.hasExpansion {
                total += size * size * block.inputChannels * hidden
            }
            size = Self.sameOutputSize(size, stride: block.stride)
            total += size * size * hidden * block.kernel * block.kernel
            total += size * size * hidden * block.outputChannels
        }
        total += size * size * lastBlockChannels * headChannels
        total += headChannels * classes
        return total
    }
}
