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

    /// Int8 mean requantized from `input` to `output` parameters, as ``Int8Kernels`` computes it,
    /// on bytes stored as ``OneDNNEncoding`` says.
    static func average(
        _ input: UnsafePointer<UInt8>, pixels: Int, channels: Int, from inParameters: QuantizationParameters,
        to outParameters: QuantizationParameters, sums: UnsafeMutablePointer<Int32>, into output: UnsafeMutablePointer<UInt8>
    ) {
        let inEncoding = OneDNNEncoding(inParameters)
        let outEncoding = OneDNNEncoding(outParameters)
        // Σ q = Σ stored − 128·n for unsigned storage.
        let offset = (inEncoding.isUnsigned ? -128 : 0) * Int32(pixels)
        sums.update(repeating: offset - inParameters.zeroPoint * Int32(pixels), count: channels)
        if inEncoding.isUnsigned {
            for pixel in 0..<pixels {
                let row = input + pixel * channels
                for channel in 0..<channels { sums[channel] &+= Int32(row[channel]) }
            }
        } else {
            let signed = UnsafeRawPointer(input).assumingMemoryBound(to: Int8.self)
            for pixel in 0..<pixels {
                let row = signed + pixel * channels
                for channel in 0..<channels { sums[channel] &+= Int32(row[channel]) }
            }
        }
        let scale = inParameters.scale / outParameters.scale / Float(pixels)
        for channel in 0..<channels {
            let q = Int8Kernels.requantize(sums[channel], scale: scale, zeroPoint: outParameters.zeroPoint, low: -128, high: 127)
            output[channel] = outEncoding.store(q)
        }
    }
}
