import CDNNL
import LiteArtifact

/// A network built on oneDNN: one primitive per convolution, the pooling, the classifier, and
/// the buffers they share. Built by ``OneDNNGraphBuilder``.
final class OneDNNGraph {
    /// The input's quantization (INT8), nil for FP32.
    let inputQuantization: QuantizationParameters?
    let inputCount: Int
    let outputCount: Int
    let layers: [OneDNNLayer]
    let classifier: OneDNNLayer
    let buffers: OneDNNBuffers
    /// Where the last convolution leaves its output, and its shape.
    let featureSlot: Int
    let featureShape: NetworkPlan.Shape
    /// INT8 only: the parameters of the features and of the pooled vector.
    let featureQuantization: QuantizationParameters?
    let pooledQuantization: QuantizationParameters?
    /// The pooled vector (classifier input), int32 pooling sums (INT8) and the float logits.
    let pooled: UnsafeMutableRawPointer
    let sums: UnsafeMutablePointer<Int32>
    let logits: UnsafeMutablePointer<Float>

    init(
        inputQuantization: QuantizationParameters?, inputCount: Int, outputCount: Int, layers: [OneDNNLayer], classifier: OneDNNLayer,
        buffers: OneDNNBuffers, featureSlot: Int, featureShape: NetworkPlan.Shape, featureQuantization: QuantizationParameters?,
        pooledQuantization: QuantizationParameters?, pooled: UnsafeMutableRawPointer, sums: UnsafeMutablePointer<Int32>,
        logits: UnsafeMutablePointer<Float>
    ) {
        self.inputQuantization = inputQuantization
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.layers = layers
        self.classifier = classifier
        self.buffers = buffers
        self.featureSlot = featureSlot
        self.featureShape = featureShape
        self.featureQuantization = featureQuantization
        self.pooledQuantization = pooledQuantization
        self.pooled = pooled
        self.sums = sums
        self.logits = logits
    }

    deinit {
        pooled.deallocate()
        sums.deallocate()
        logits.deallocate()
    }

    /// Runs the network on `input` (normalized NHWC floats) and returns the logits.
    func run(_ input: [Float]) throws(EngineError) -> [Float] {
        let first = buffers[buffers.inputSlot]
        if let quantization = inputQuantization {
            Self.quantize(input, quantization, into: first.assumingMemoryBound(to: Int8.self))
        } else {
            input.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { first.copyMemory(from: base, byteCount: bytes.count) }
            }
        }
        for layer in layers {
            try layer.execute()
        }
        let pixels = featureShape.height * featureShape.width
        let features = buffers[featureSlot]
        if let featureQuantization, let pooledQuantization {
            OneDNNPooling.average(
                features.assumingMemoryBound(to: Int8.self), pixels: pixels, channels: featureShape.channels, from: featureQuantization,
                to: pooledQuantization, sums: sums, into: pooled.assumingMemoryBound(to: Int8.self))
        } else {
            OneDNNPooling.average(
                features.assumingMemoryBound(to: Float.self), pixels: pixels, channels: featureShape.channels,
                into: pooled.assumingMemoryBound(to: Float.self))
        }
        try classifier.execute()
        return Array(UnsafeBufferPointer(start: logits, count: outputCount))
    }

    /// `round_half_even(x / scale) + zero_point`, clamped: ``QuantizationParameters/quantize(_:)``
    /// in a loop the compiler can vectorize.
    private static func quantize(_ input: [Float], _ parameters: QuantizationParameters, into output: UnsafeMutablePointer<Int8>) {
        let scale = parameters.scale
        let zeroPoint = Float(parameters.zeroPoint)
        input.withUnsafeBufferPointer { values in
            for index in values.indices {
                let scaled = (values[index] / scale).rounded(.toNearestOrEven) + zeroPoint
                output[index] = Int8(min(max(scaled, -128), 127))
            }
        }
    }
}
