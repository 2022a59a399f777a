import LiteArtifact

/// Integer kernels of the INT8 reference backend (NHWC, artifact weight layouts).
enum Int8Kernels {
    /// `clamp(round_half_even(acc · scale) + zero_point, low, high)`, as XNNPACK's fp32
    /// requantization does it.
    @inline(__always)
    static func requantize(_ accumulator: Int32, scale: Float, zeroPoint: Int32, low: Int32, high: Int32) -> Int8 {
        let scaled = Float(accumulator) * scale
        let bounded = min(max(scaled, Float(low - zeroPoint)), Float(high - zeroPoint))
        return Int8(Int32(bounded.rounded(.toNearestOrEven)) + zeroPoint)
    }

    static func convolution(
        _ input: [Int8], step: NetworkPlan.Step, kernel: Int, stride: Int, layer: ReferenceInt8Backend.Int8Layer
    ) -> [Int8] {
        let (inShape, outShape) = (step.input, step.output)
        let centered = input.map { Int32($0) - layer.input.zeroPoint }
        var output = [Int8](repeating: 0, count: outShape.elementCount)
        for outY in 0..<outShape.height {
            for outX in 0..<outShape.width {
                for channel in 0..<outShape.channels {
                    var sum = layer.bias[channel]
                    step.forEachTap(outY: outY, outX: outX, kernel: kernel, stride: stride) { pixel, tap in
                        sum &+= dot(
                            centered, pixel * inShape.channels, layer.weight, (channel * kernel * kernel + tap) * inShape.channels,
                            inShape.channels)
                    }
                    output[(outY * outShape.width + outX) * outShape.channels + channel] = requantize(
                        sum, scale: layer.requantization[channel], zeroPoint: layer.output.zeroPoint, low: layer.low, high: layer.high)
                }
            }
        }
        return output
    }

    static func depthwise(
        _ input: [Int8], step: NetworkPlan.Step, kernel: Int, stride: Int, layer: ReferenceInt8Backend.Int8Layer
    ) -> [Int8] {
        let outShape = step.output
        let channels = outShape.channels
        let centered = input.map { Int32($0) - layer.input.zeroPoint }
        var output = [Int8](repeating: 0, count: outShape.elementCount)
        var sums = [Int32](repeating: 0, count: channels)
        for outY in 0..<outShape.height {
            for outX in 0..<outShape.width {
                for channel in 0..<channels { sums[channel] = layer.bias[channel] }
                step.forEachTap(outY: outY, outX: outX, kernel: kernel, stride: stride) { pixel, tap in
                    for channel in 0..<channels {
                        sums[channel] &+= centered[pixel * channels + channel] &* layer.weight[tap * channels + channel]
                    }
                }
                let outBase = (outY * outShape.width + outX) * channels
                for channel in 0..<channels {
                    output[outBase + channel] = requantize(
                        sums[channel], scale: layer.requantization[channel], zeroPoint: layer.output.zeroPoint, low: layer.low,
                        high: layer.high)
                }
            }
        }
        return output
    }

    /// Global average pooling: `round_half_even((Σq − zp·n) · in_scale / (out_scale · n)) + out_zp`.
    static func globalAveragePool(
        _ input: [Int8], shape: NetworkPlan.Shape, input inParameters: QuantizationParameters, output: QuantizationParameters
    ) -> [Int8] {
        let pixels = shape.height * shape.width
        var sums = [Int32](repeating: -inParameters.zeroPoint * Int32(pixels), count: shape.channels)
        for pixel in 0..<pixels {
            for channel in 0..<shape.channels {
                sums[channel] &+= Int32(input[pixel * shape.channels + channel])
            }
        }
        let scale = inParameters.scale / output.scale / Float(pixels)
        return sums.map { requantize($0, scale: scale, zeroPoint: output.zeroPoint, low: -128, high: 127) }
    }

    /// The classifier as a 1×1 convolution on the pooled vector.
    static func fullyConnected(_ vector: [Int8], layer: ReferenceInt8Backend.Int8Layer) -> [Int8] {
        let centered = vector.map { Int32($0) - layer.input.zeroPoint }
        return layer.bias.indices.map { row in
            let sum = layer.bias[row] &+ dot(centered, 0, layer.weight, row * centered.count, centered.count)
            return requantize(sum, scale: layer.requantization[row], zeroPoint: layer.output.zeroPoint, low: layer.low, high: layer.high)
        }
    }

    /// Residual addition in XNNPACK's fixed point: both inputs are scaled by 20-bit multipliers
    /// relative to the output scale, summed in int32, rounded by a shift.
    static func add(
        _ a: [Int8], _ aParameters: QuantizationParameters, _ b: [Int8], _ bParameters: QuantizationParameters,
        output: QuantizationParameters
    ) -> [Int8] {
        let (aMultiplier, bMultiplier, shift) = additionMultipliers(aParameters, bParameters, output: output)
        let bias = -(aMultiplier &* aParameters.zeroPoint &+ bMultiplier &* bParameters.zeroPoint)
        let rounding = Int32(1) << (shift - 1)
        return zip(a, b).map { x, y in
            let sum = bias &+ Int32(x) &* aMultiplier &+ Int32(y) &* bMultiplier
            let shifted = (sum &+ rounding) >> shift
            return Int8(min(max(shifted + output.zeroPoint, -128), 127))
        }
    }

    /// The fixed-point multipliers of ``add(_:_:_:_:output:)``: `a_scale / out_scale ≈ aMultiplier / 2^shift`,
    /// likewise for `b`, with the larger of the two using 20 bits.
    static func additionMultipliers(
        _ aParameters: QuantizationParameters, _ bParameters: QuantizationParameters, output: QuantizationParameters
    ) -> (a: Int32, b: Int32, shift: Int32) {
        let aScale = aParameters.scale / output.scale
        let bScale = bParameters.scale / output.scale
        let exponent = Int32((max(aScale, bScale).bitPattern >> 23) & 0xFF) - 127
        let shift = 20 - exponent
        let aMultiplier = Int32((aScale * Float(sign: .plus, exponent: Int(shift), significand: 1)).rounded(.toNearestOrEven))
        let bMultiplier = Int32((bScale * Float(sign: .plus, exponent: Int(shift), significand: 1)).rounded(.toNearestOrEven))
        return (aMultiplier, bMultiplier, shift)
    }

    @inline(__always)
    private static func dot(_ a: [Int32], _ aStart: Int, _ b: [Int32], _ bStart: Int, _ count: Int) -> Int32 {
        var sum: Int32 = 0
        for index in 0..<count {
            sum &+= a[aStart + index] &* b[bStart + index]
        }
        return sum
    }
}
