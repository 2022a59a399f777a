import LiteArtifact

extension OneDNNBackend {
    /// Times every step of `artifact`'s oneDNN graph inside whole-network runs (so each layer
    /// reads what the previous one left in cache, as in serving): the median of `runs` runs after
    /// two warm-up runs. Residual additions are fused into their projections; `pool` is the
    /// global average pool before the classifier.
    public static func profile(artifact: Artifact, threads: Int, runs: Int) throws(EngineError) -> [LayerProfile] {
        let backend = try OneDNNBackend(artifact: artifact, threads: threads)
        let plan = NetworkPlan(architecture: artifact.metadata.architecture)
        let input = BenchmarkHarness.input(count: plan.inputShape.elementCount)
        var samples: [[Double]] = []
        for index in 0..<(runs + 2) {
            OneDNNThreads.use(threads)
            let times = try backend.graph.timedRun(input)
            if index >= 2 { samples.append(times) }
        }
        let medians = (0..<(samples.first?.count ?? 0)).map { step in
            LatencyStatistics.percentile(samples.map { $0[step] }.sorted(), 50)
        }
        var profiles: [LayerProfile] = []
        for (index, step) in plan.steps.enumerated() {
            let kind: String =
                switch step.layer.operation {
                case .convolution: "conv"
                case .depthwise: "depthwise"
                case .fullyConnected: "fc"
                }
            if step.poolsInput {
                profiles.append(
                    LayerProfile(
                        name: "pool", kind: "pool", output: OperatorProfiler.label(step.input.with(height: 1, width: 1)),
                        multiplyAccumulates: 0, milliseconds: medians[medians.count - 2]))
            }
            let time = step.poolsInput ? medians[medians.count - 1] : medians[index]
            profiles.append(
                LayerProfile(
                    name: step.layer.name + (step.residualSource == nil ? "" : "+add"), kind: kind,
                    output: OperatorProfiler.label(step.output),
                    multiplyAccumulates: OperatorProfiler.multiplyAccumulates(step), milliseconds: time))
        }
        return profiles
    }
}

extension NetworkPlan.Shape {
    fileprivate func with(height: Int, width: Int) -> NetworkPlan.Shape {
        NetworkPlan.Shape(height: height, width: width, channels: channels)
    }
}
