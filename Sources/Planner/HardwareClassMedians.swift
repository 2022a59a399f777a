/// The median ``Figures`` of every (hardware class, eligible artifact) pair over the devices of the
/// class that measured the artifact, computed once per pair; `nil` for pairs nobody measured.
struct HardwareClassMedians {
    private let artifactCount: Int
    private let medians: [Figures?]

    /// Computes the medians of `input`'s measurements, indexed by `index`.
    ///
    /// One counting sort makes each pair's figures contiguous, then each pair's medians are
    /// selected in place: linear in the number of measurements.
    init(_ input: PlanningInput, index: PlanningIndex) {
        let artifactCount = input.artifacts.count
        let percentile = input.policy.percentile
        var isEligible = [Bool](repeating: false, count: artifactCount)
        for artifact in index.eligibleArtifacts {
            isEligible[artifact] = true
        }
        let pairCount = index.classCount * artifactCount
        var figuresByPair = Buckets(
            count: input.measurements.count,
            bucketCount: pairCount,
            placeholder: Figures(latencyMs: 0, peakRSSMB: 0),
            key: { measurement in
                let artifact = Int(index.measurementArtifacts[measurement])
                guard isEligible[artifact] else {
                    return nil
                }
                return Int(index.deviceClasses[Int(index.measurementDevices[measurement])]) * artifactCount + artifact
            },
            item: { input.measurements[$0].figures(at: percentile) }
        )
        var medians = [Figures?](repeating: nil, count: pairCount)
        for pair in 0..<pairCount {
            let range = figuresByPair.range(of: pair)
            if let latencyMs = median(&figuresByPair.items[range], of: \.latencyMs),
                let peakRSSMB = median(&figuresByPair.items[range], of: \.peakRSSMB)
            {
                medians[pair] = Figures(latencyMs: latencyMs, peakRSSMB: peakRSSMB)
            }
        }
        self.artifactCount = artifactCount
        self.medians = medians
    }

    /// The median figures of `artifact` over `hardwareClass`, or `nil` when no device of the class
    /// measured it.
    subscript(hardwareClass: Int, artifact: Int) -> Figures? {
        self.medians[hardwareClass * self.artifactCount + artifact]
    }
}
