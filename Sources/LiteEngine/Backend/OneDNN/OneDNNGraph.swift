import CDNNL
import EffCore
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
    /// INT8 only: the parameters of the logits the classifier writes.
    let logitQuantization: QuantizationParameters?
    /// The pooled vector (classifier input), int32 pooling sums (INT8) and the float logits (INT8:
    /// in units of the logits' quantum, not yet rounded).
    let pooled: UnsafeMutableRawPointer
    let sums: UnsafeMutablePointer<Int32>
    let logits: UnsafeMutableRawPointer

    init(
        inputQuantization: QuantizationParameters?, inputCount: Int, outputCount: Int, layers: [OneDNNLayer], classifier: OneDNNLayer,
        buffers: OneDNNBuffers, featureSlot: Int, featureShape: NetworkPlan.Shape, featureQuantization: QuantizationParameters?,
        pooledQuantization: QuantizationParameters?, logitQuantization: QuantizationParameters?, pooled: UnsafeMutableRawPointer,
        sums: UnsafeMutablePointer<Int32>, logits: UnsafeMutableRawPointer
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
        self.logitQuantization = logitQuantization
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
        try run(input, timings: nil)
    }

    /// Runs the network and returns the milliseconds of every convolution, the pool and the
    /// classifier, in that order.
    func timedRun(_ input: [Float]) throws(EngineError) -> [Double] {
        var timings: [Double] = []
        timings.reserveCapacity(layers.count + 2)
        _ = try run(input, timings: &timings)
        return timings
    }

    private func run(_ input: [Float], timings: UnsafeMutablePointer<[Double]>?) throws(EngineError) -> [Float] {
        let clock = ContinuousClock()
        var start = clock.now
        func lap() {
            guard let timings else { return }
            let now = clock.now
            timings.pointee.append((now - start).milliseconds)
            start = now
        }
        let first = buffers[buffers.inputSlot]
        if let inputQuantization {
            OneDNNInputQuantizer.run(input, inputQuantization, into: first.assumingMemoryBound(to: UInt8.self))
        } else {
            input.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { first.copyMemory(from: base, byteCount: bytes.count) }
            }
        }
        start = clock.now
        for layer in layers {
            try layer.execute()
            lap()
        }
        let pixels = featureShape.height * featureShape.width
        let features = buffers[featureSlot]
        if let featureQuantization, let pooledQuantization {
            OneDNNPooling.average(
                features.assumingMemoryBound(to: UInt8.self), pixels: pixels, channels: featureShape.channels, from: featureQuantization,
                to: pooledQuantization, sums: sums, into: pooled.assumingMemoryBound(to: UInt8.self))
        } else {
            OneDNNPooling.average(
                features.assumingMemoryBound(to: Float.self), pixels: pixels, channels: featureShape.channels,
                into: pooled.assumingMemoryBound(to: Float.self))
        }
        lap()
        try classifier.execute()
        lap()
        guard let logitQuantization else {
            return Array(UnsafeBufferPointer(start: logits.assumingMemoryBound(to: Float.self), count: outputCount))
        }
        let values = logits.assumingMemoryBound(to: Float.self)
        let zeroPoint = Float(logitQuantization.zeroPoint)
        return (0..<outputCount).map { index in
            let centered = min(max(values[index], -128 - zeroPoint), 127 - zeroPoint).rounded(.toNearestOrEven)
            return centered * logitQuantization.scale
        }
    }
}
