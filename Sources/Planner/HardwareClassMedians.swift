/// The median ``Figures`` of every (hardware class, eligible artifact, backend) triple over the
/// devices of the class that measured the artifact with the backend, computed once per triple;
/// `nil` for triples fewer than ``minimumDevices`` devices measured stably.
///
/// The rule: a prediction needs at least two devices' stable results, so that one device's figure
/// (or one bad device) never decides for its whole class; unstable results are left out.
struct HardwareClassMedians {
    private let artifactCount: Int
    private let backendCount: Int
    private let medians: [Figures?]
    /// Per (class, artifact) pair, whether any backend has a median.
    private let anyBackend: [Bool]
    /// Devices of a class that must have measured a pair before their median predicts it.
    static let minimumDevices = 2

    /// Computes the medians of `input`'s measurements, indexed by `index`.
    ///
    /// One counting sort makes each pair's figures contiguous, then each pair's medians are
    /// selected in place: linear in the number of measurements.
    init(_ input: PlanningInput, index: PlanningIndex) {
        let artifactCount = input.artifacts.count
        let backendCount = index.backends.count
        let percentile = input.policy.percentile
        let tripleCount = index.classCount * artifactCount * backendCount
        var figuresByTriple = Buckets(
            count: input.measurements.count,
            bucketCount: tripleCount,
            placeholder: Figures(latencyMs: 0, upperMs: 0, peakRssMb: 0),
            key: { measurement in
                let artifact = Int(index.measurementArtifacts[measurement])
                guard index.isEligible[artifact], !input.measurements[measurement].isUnstable else {
                    return nil
                }
                let hardwareClass = Int(index.deviceClasses[Int(index.measurementDevices[measurement])])
                return (hardwareClass * artifactCount + artifact) * backendCount + Int(index.measurementBackends[measurement])
            },
            item: { input.measurements[$0].figures(at: percentile) }
        )
        var medians = [Figures?](repeating: nil, count: tripleCount)
        var anyBackend = [Bool](repeating: false, count: index.classCount * artifactCount)
        for triple in 0..<tripleCount {
            let range = figuresByTriple.range(of: triple)
            guard range.count >= Self.minimumDevices else { continue }
            if let latencyMs = median(&figuresByTriple.items[range], of: \.latencyMs),
                let upperMs = median(&figuresByTriple.items[range], of: \.upperMs),
                let peakRssMb = median(&figuresByTriple.items[range], of: \.peakRssMb)
            {
                medians[triple] = Figures(latencyMs: latencyMs, upperMs: upperMs, peakRssMb: peakRssMb)
                anyBackend[triple / backendCount] = true
            }
        }
        self.artifactCount = artifactCount
        self.backendCount = backendCount
        self.medians = medians
        self.anyBackend = anyBackend
    }

    /// Whether some device of `hardwareClass` measured `artifact` with some backend.
    func hasMedian(hardwareClass: Int, artifact: Int) -> Bool {
        self.backendCount > 0 && self.anyBackend[hardwareClass * self.artifactCount + artifact]
    }

    /// The median figures of `artifact` with `backend` over `hardwareClass`, or `nil` when no
    /// device of the class measured that pair.
    subscript(hardwareClass: Int, artifact: Int, backend: Int) -> Figures? {
        self.medians[(hardwareClass * self.artifactCount + artifact) * self.backendCount + backend]
    }
}
