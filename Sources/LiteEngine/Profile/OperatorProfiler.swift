import CXNNPACK
import EffCore
import LiteArtifact
import TensorIO

/// Runs every step of a network as a separate XNNPACK operator and times each one, to show where
/// the time of a whole-graph run goes. The sum is close to, not equal to, a runtime invocation
/// (each operator here reads and writes buffers that stay in cache).
public enum OperatorProfiler {
    /// Profiles `artifact` (FP32 or INT8) on `threads` threads with `runs` timed runs per operator.
    public static func profile(artifact: Artifact, threads: Int, runs: Int) throws(EngineError) -> [LayerProfile] {
        try XNNPACKLibrary.ensureInitialized()
        let threadpool = threads > 1 ? pthreadpool_create(threads) : nil
        defer { if let threadpool { pthreadpool_destroy(threadpool) } }
        let plan = NetworkPlan(architecture: artifact.metadata.architecture)
        let timer = Timer(threadpool: threadpool, runs: runs)
        if let quantization = artifact.metadata.quantization {
            return try profileInt8(plan: plan, artifact: artifact, quantization: quantization, timer: timer)
        }
        return try profileFloat(plan: plan, artifact: artifact, timer: timer)
    }

    /// Creates, sets up and times operators.
    struct Timer {
        let threadpool: pthreadpool_t?
        let runs: Int

        /// Checks creation, runs `setup`, and returns the median of `runs` timed runs after two
        /// warm-up runs; deletes the operator.
        func time(
            _ status: xnn_status, _ op: xnn_operator_t?, _ name: String, setup: (xnn_operator_t) -> xnn_status
        ) throws(EngineError) -> Double {
            try XNNPACKLibrary.check(status, "create \(name)")
            guard let op else { throw EngineError("XNNPACK returned no operator for \(name)") }
            defer { xnn_delete_operator(op) }
            try XNNPACKLibrary.check(setup(op), "setup \(name)")
            let clock = ContinuousClock()
            var samples: [Double] = []
            for index in 0..<(runs + 2) {
                let start = clock.now
                try XNNPACKLibrary.check(xnn_run_operator(op, threadpool), "run \(name)")
                if index >= 2 { samples.append((clock.now - start).milliseconds) }
            }
            return LatencyStatistics.percentile(samples.sorted(), 50)
        }
    }

    /// Operator input or output memory that stays put while the operator is set up and run
    /// (with slack for XNNPACK's over-reads).
    final class Buffer<Element> {
        let pointer: UnsafeMutablePointer<Element>

        init(count: Int, value: Element) {
            pointer = .allocate(capacity: count + 64)
            pointer.initialize(repeating: value, count: count + 64)
        }

        deinit { pointer.deallocate() }
    }

    static func tensor<Element>(_ artifact: Artifact, _ name: String, as type: Element.Type) throws(EngineError) -> UnsafePointer<Element>?
    {
        do {
            return try artifact.file.unsafeBytes(of: name).baseAddress?.assumingMemoryBound(to: Element.self)
        } catch {
            throw EngineError(error.description)
        }
    }

    static func label(_ shape: NetworkPlan.Shape) -> String {
        "\(shape.height)×\(shape.width)×\(shape.channels)"
    }

    static func multiplyAccumulates(_ step: NetworkPlan.Step) -> Int {
        let pixels = step.output.height * step.output.width
        switch step.layer.operation {
        case .convolution(let kernel, _, let input, let output): return pixels * output * kernel * kernel * input
        case .depthwise(let kernel, _, let channels): return pixels * channels * kernel * kernel
        case .fullyConnected(let input, let output): return input * output
        }
    }
}
