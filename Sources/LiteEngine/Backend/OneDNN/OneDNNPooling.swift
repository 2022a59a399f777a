import LiteArtifact

/// The global average pool before the classifier, on the engine's NHWC buffers (a few hundred
/// thousand additions at most: cheaper in a plain loop than as another primitive, and in INT8 it
/// rounds exactly like the integer reference).
enum OneDNNPooling {
    /// Float mean over `pixels` rows of `channels` values.
    static func average(_ input: UnsafePointer<Float>, pixels: Int, channels: Int, into output: UnsafeMutablePointer<Float>) {
        output.update(repeating: 0, count: channels)
        for pixel in 0..<pixels {
            let row = input + pixel * channels
            for channel in 0..<channels { output[channel] += row[channel] }
        }
        let scale = 1 / Float(pixels)
        for channel in 0..<channels { output[channel] *= scale }
    }

    /// Int8 mean requantized from `input` to `output` parameters, as ``Int8Kernels`` computes it.
    static func average(
        _ input: UnsafePointer<Int8>, pixels: Int, channels: Int, from inParameters: QuantizationParameters,
        to outParameters: QuantizationParameters, sums: UnsafeMutablePointer<Int32>, into output: UnsafeMutablePointer<Int8>
    ) {
        sums.update(repeating: -inParameters.zeroPoint * Int32(pixels), count: channels)
        for pixel in 0..<pixels {
            let row = input + pixel * channels
            for channel in 0..<channels { sums[channel] &+= Int32(row[channel]) }
        }
        let scale = inParameters.scale / outParameters.scale / Float(pixels)
        for channel in 0..<channels {
            output[channel] = Int8Kernels.requantize(sums[channel], scale: scale, zeroPoint: outParameters.zeroPoint, low: -128, high: 127)
        }
    }
}
