import CXNNPACK
import LiteArtifact

/// Runs every step of a network as a separate XNNPACK operator and times each one, to show where
/// the time of a whole-graph run goes. The sum is close to, not equal to, a runtime invocation.
public enum OperatorProfiler {
    /// Profiles `artifact` on `threads` threads with `runs` timed runs per operator.
    public static func profile(artifact: Artifact, threads: Int, runs: Int) throws(EngineError) -> [LayerProfile] {
        try XNNPACKLibrary.ensureInitialized()
        let threadpool = threads > 1 ? pthreadpool_create(threads) : nil
        defer { if let threadpool { pthreadpool_destroy(threadpool) } }
        let plan = NetworkPlan(architecture: artifact.metadata.architecture)
        var profiles: [LayerProfile] = []
        for step in plan.steps {
            let weight = try bytes(artifact, step.layer.weightName)
            let bias = try bytes(artifact, step.layer.biasName)
            let input = Buffer(count: step.input.elementCount, value: 0.5)
            let output = Buffer(count: step.output.elementCount, value: 0)
            let (low, high): (Float, Float) = step.relu6 ? (0, 6) : (-.infinity, .infinity)
            let shape = "\(step.output.height)×\(step.output.width)×\(step.output.channels)"
            let p = step.padding
            var op: xnn_operator_t?
            switch step.layer.operation {
            case .convolution(let kernel, let stride, let inputChannels, let outputChannels):
                try XNNPACKLibrary.check(xnn_create_convolution2d_nhwc_f32(
                    UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left), UInt32(kernel), UInt32(kernel),
                    UInt32(stride), UInt32(stride), 1, 1, 1, inputChannels, outputChannels, inputChannels, outputChannels,
                    weight, bias, low, high, 0, &op), "create convolution \(step.layer.name)")
                try setup(op) { op in
                    xnn_setup_convolution2d_nhwc_f32(op, 1, step.input.height, step.input.width, input.pointer, output.pointer, threadpool)
                }
                let macs = step.output.height * step.output.width * outputChannels * kernel * kernel * inputChannels
                profiles.append(LayerProfile(name: step.layer.name, kind: "conv", output: shape, multiplyAccumulates: macs, milliseconds: try time(op, threadpool, runs)))
                if step.residualSource != nil {
                    profiles.append(try profileAdd(name: step.layer.name + "+add", shape: step.output, label: shape, threadpool: threadpool, runs: runs))
                }
            case .depthwise(let kernel, let stride, let channels):
                try XNNPACKLibrary.check(xnn_create_convolution2d_nhwc_f32(
                    UInt32(p.top), UInt32(p.right), UInt32(p.bottom), UInt32(p.left), UInt32(kernel), UInt32(kernel),
                    UInt32(stride), UInt32(stride), 1, 1, UInt32(channels), 1, 1, channels, channels,
                    weight, bias, low, high, UInt32(XNN_FLAG_DEPTHWISE_CONVOLUTION), &op), "create depthwise \(step.layer.name)")
                try setup(op) { op in
                    xnn_setup_convolution2d_nhwc_f32(op, 1, step.input.height, step.input.width, input.pointer, output.pointer, threadpool)
                }
                let macs = step.output.height * step.output.width * channels * kernel * kernel
                profiles.append(LayerProfile(name: step.layer.name, kind: "depthwise", output: shape, multiplyAccumulates: macs, milliseconds: try time(op, threadpool, runs)))
            case .fullyConnected(let inputChannels, let outputChannels):
                var pool: xnn_operator_t?
                let pooled = Buffer(count: inputChannels, value: 0)
                try XNNPACKLibrary.check(xnn_create_global_average_pooling_nwc_f32(
                    inputChannels, inputChannels, inputChannels, -.infinity, .infinity, 0, &pool), "create pooling")
                try setup(pool) { pool in
                    xnn_setup_global_average_pooling_nwc_f32(pool, 1, step.input.height * step.input.width, input.pointer, pooled.pointer, threadpool)
                }
                profiles.append(LayerProfile(name: "pool", kind: "pool", output: "1×1×\(inputChannels)", multiplyAccumulates: 0, milliseconds: try time(pool, threadpool, runs)))
                try XNNPACKLibrary.check(xnn_create_fully_connected_nc_f32(
                    inputChannels, outputChannels, inputChannels, outputChannels, weight, bias, low, high, 0, &op), "create fully connected")
                try setup(op) { op in xnn_setup_fully_connected_nc_f32(op, 1, pooled.pointer, output.pointer, threadpool) }
                profiles.append(LayerProfile(name: step.layer.name, kind: "fc", output: shape, multiplyAccumulates: inputChannels * outputChannels, milliseconds: try time(op, threadpool, runs)))
            }
        }
        return profiles
    }

    private static func profileAdd(name: String, shape: NetworkPlan.Shape, label: String, threadpool: pthreadpool_t?, runs: Int) throws(EngineError) -> LayerProfile {
        var op: xnn_operator_t?
        try XNNPACKLibrary.check(xnn_create_add_nd_f32(-.infinity, .infinity, 0, &op), "create add")
        let a = Buffer(count: shape.elementCount, value: 1)
        let b = Buffer(count: shape.elementCount, value: 2)
        let sum = Buffer(count: shape.elementCount, value: 0)
        let dims = [1, shape.height, shape.width, shape.channels]
        try setup(op) { op in xnn_setup_add_nd_f32(op, 4, dims, 4, dims, a.pointer, b.pointer, sum.pointer, threadpool) }
        return LayerProfile(name: name, kind: "add", output: label, multiplyAccumulates: 0, milliseconds: try time(op, threadpool, runs))
    }

    /// Operator input or output memory that stays put while the operator is set up and run
    /// (with slack for XNNPACK's over-reads).
    private final class Buffer {
        let pointer: UnsafeMutablePointer<Float>

        init(count: Int, value: Float) {
            pointer = .allocate(capacity: count + 64)
            pointer.initialize(repeating: value, count: count + 64)
        }

        deinit { pointer.deallocate() }
    }

    private static func bytes(_ artifact: Artifact, _ name: String) throws(EngineError) -> UnsafePointer<Float>? {
        do {
            return try artifact.file.unsafeBytes(of: name).baseAddress?.assumingMemoryBound(to: Float.self)
        } catch {
            throw EngineError(error.description)
        }
    }

    private static func setup(_ op: xnn_operator_t?, _ body: (xnn_operator_t) -> xnn_status) throws(EngineError) {
        guard let op else { throw EngineError("XNNPACK returned no operator") }
        try XNNPACKLibrary.check(body(op), "setup operator")
    }

    /// Median of `runs` timed runs after two warm-up runs; deletes the operator.
    private static func time(_ op: xnn_operator_t?, _ threadpool: pthreadpool_t?, _ runs: Int) throws(EngineError) -> Double {
        guard let op else { throw EngineError("XNNPACK returned no operator") }
        defer { xnn_delete_operator(op) }
        let clock = ContinuousClock()
        var samples: [Double] = []
        for index in 0..<(runs + 2) {
            let start = clock.now
            try XNNPACKLibrary.check(xnn_run_operator(op, threadpool), "run operator")
            if index >= 2 { samples.append((clock.now - start).milliseconds) }
        }
        return LatencyStatistics.percentile(samples.sorted(), 50)
    }
}
