import LiteArtifact

/// The reference backend's loops: NHWC activations, OHWI / `[1, k, k, C]` / `[out, in]` weights.
enum ReferenceKernels {
    /// Dense convolution with implicit zero padding.
    static func convolution(_ input: [Float], step: NetworkPlan.Step, kernel: Int, stride: Int, weights: LayerWeights) -> [Float] {
        let outputShape = step.output
        let inputChannels = step.input.channels
        var output = [Float](repeating: 0, count: outputShape.elementCount)
        input.withUnsafeBufferPointer { source in
            weights.weight.withUnsafeBufferPointer { filter in
                output.withUnsafeMutableBufferPointer { destination in
                    guard let a = source.baseAddress, let b = filter.baseAddress else { return }
                    for outY in 0..<outputShape.height {
                        for outX in 0..<outputShape.width {
                            let outBase = (outY * outputShape.width + outX) * outputShape.channels
                            for outChannel in 0..<outputShape.channels {
                                var sum = weights.bias[outChannel]
                                step.forEachTap(outY: outY, outX: outX, kernel: kernel, stride: stride) { pixel, tap in
                                    sum += dot(
                                        a + pixel * inputChannels, b + (outChannel * kernel * kernel + tap) * inputChannels, inputChannels)
                                }
                                destination[outBase + outChannel] = sum
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Depthwise convolution (depth multiplier 1) with implicit zero padding.
    static func depthwise(_ input: [Float], step: NetworkPlan.Step, kernel: Int, stride: Int, weights: LayerWeights) -> [Float] {
        let outputShape = step.output
        let channels = outputShape.channels
        var output = [Float](repeating: 0, count: outputShape.elementCount)
        input.withUnsafeBufferPointer { source in
            weights.weight.withUnsafeBufferPointer { filter in
                weights.bias.withUnsafeBufferPointer { bias in
                    output.withUnsafeMutableBufferPointer { destination in
                        for outY in 0..<outputShape.height {
                            for outX in 0..<outputShape.width {
                                let outBase = (outY * outputShape.width + outX) * channels
                                for channel in 0..<channels {
                                    destination[outBase + channel] = bias[channel]
                                }
                                step.forEachTap(outY: outY, outX: outX, kernel: kernel, stride: stride) { pixel, tap in
                                    let inBase = pixel * channels
                                    let filterBase = tap * channels
                                    for channel in 0..<channels {
                                        destination[outBase + channel] += source[inBase + channel] * filter[filterBase + channel]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Global average pooling over H×W.
    static func globalAveragePool(_ input: [Float], shape: NetworkPlan.Shape) -> [Float] {
        let channels = shape.channels
        let pixels = shape.height * shape.width
        var pooled = [Float](repeating: 0, count: channels)
        for pixel in 0..<pixels {
            for channel in 0..<channels {
                pooled[channel] += input[pixel * channels + channel]
            }
        }
        let scale = 1 / Float(pixels)
        return pooled.map { $0 * scale }
    }

    /// Fully connected layer, weights `[out, in]`.
    static func fullyConnected(_ vector: [Float], weights: LayerWeights) -> [Float] {
        let inputs = vector.count
        var output = [Float](repeating: 0, count: weights.bias.count)
        vector.withUnsafeBufferPointer { vector in
            weights.weight.withUnsafeBufferPointer { matrix in
                guard let a = vector.baseAddress, let b = matrix.baseAddress else { return }
                for row in 0..<output.count {
                    output[row] = weights.bias[row] + dot(a, b + row * inputs, inputs)
                }
            }
        }
        return output
    }

    /// `Σ a[i] · b[i]` for `i < count`, eight lanes at a time.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            let x = UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self)
            let y = UnsafeRawPointer(b + index).loadUnaligned(as: SIMD8<Float>.self)
            lanes = lanes.addingProduct(x, y)
            index += 8
        }
        var sum = lanes.sum()
        while index < count {
            sum += a[index] * b[index]
            index += 1
        }
        return sum
    }
}
