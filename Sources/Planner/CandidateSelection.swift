import FleetModel

/// One artifact's figures on one device, while the planner compares them.
struct Candidate {
    /// Position of the artifact in the input.
    var artifact: Int
    /// Ordinal of the backend in ``PlanningIndex/backends``.
    var backend: Int
    var figures: Figures
    var isPredicted: Bool
}

/// The running choice over one device's candidates, fed one candidate at a time.
///
/// A candidate is an (artifact, backend) pair. It fits when the upper bound of its latency
/// interval times `1 + headroom` is within the latency budget and its peak memory within the
/// memory budget. Keeps the best fitting candidate (see ``isBetter(_:than:)``), and, for the
/// reason when nothing fits, the fastest
/// candidate within the memory budget, the smallest one beyond it, and the smallest one that
/// would fit the latency budget but not the memory budget. A candidate whose point figure fits but
/// whose interval's upper bound does not is *undecided*: the budget lies inside its interval.
struct CandidateSelection {
    private let latencyBudgetMs: Double
    private let memoryBudgetMb: Double?
    private let headroom: Double
    private let artifacts: [ArtifactDescriptor]
    private let backends: [String]
    private let currentArtifactID: String?
    private let currentBackend: String?
    private var best: Candidate?
    private var fastestWithinMemory: Candidate?
    private var smallest: Candidate?
    private var smallestFittingLatency: Candidate?
    private var pendingCount = 0
    /// Every candidate with its verdict so far, when explaining.
    private(set) var explained: [(candidate: Candidate?, artifact: Int, verdict: CandidateVerdict)]?

    init(device: FleetDevice, artifacts: [ArtifactDescriptor], backends: [String], headroom: Double, explain: Bool = false) {
        self.latencyBudgetMs = device.latencyBudgetMs
        self.memoryBudgetMb = device.memoryBudgetMb
        self.headroom = headroom
        self.artifacts = artifacts
        self.backends = backends
        self.currentArtifactID = device.currentArtifactID
        self.currentBackend = device.currentBackend
        self.explained = explain ? [] : nil
    }

    /// Notes a candidate that has neither a measurement nor a class median, or one that waits for
    /// more measurement.
    mutating func considerPending(artifact: Int) {
        self.pendingCount += 1
        self.explained?.append((nil, artifact, .unmeasured))
    }

    /// Notes a candidate measured only unstably.
    mutating func considerUnstable(_ candidate: Candidate) {
        self.explained?.append((candidate, candidate.artifact, .unstable))
    }

    /// Whether the budget lies inside `figures`' interval: the point fits, the upper bound not.
    func isUndecided(_ figures: Figures) -> Bool {
        figures.latencyMs * (1 + self.headroom) <= self.latencyBudgetMs && figures.upperMs * (1 + self.headroom) > self.latencyBudgetMs
    }

    /// Compares `candidate` with the ones seen so far.
    mutating func consider(_ candidate: Candidate) {
        let artifacts = self.artifacts
        let fitsLatency = candidate.figures.upperMs * (1 + self.headroom) <= self.latencyBudgetMs
        if let memoryBudgetMb = self.memoryBudgetMb, candidate.figures.peakRssMb > memoryBudgetMb {
            if self.smallest.map({ isSmaller(candidate, than: $0, among: artifacts) }) ?? true {
                self.smallest = candidate
            }
            if fitsLatency, self.smallestFittingLatency.map({ isSmaller(candidate, than: $0, among: artifacts) }) ?? true {
                self.smallestFittingLatency = candidate
            }
            self.explained?.append((candidate, candidate.artifact, .memory))
            return
        }
        if self.fastestWithinMemory.map({ isFaster(candidate, than: $0, among: artifacts) }) ?? true {
            self.fastestWithinMemory = candidate
        }
        guard fitsLatency else {
            self.explained?.append((candidate, candidate.artifact, .latency))
            return
        }
        self.explained?.append((candidate, candidate.artifact, .outranked))
        if self.best.map({ self.isBetter(candidate, than: $0) }) ?? true {
            self.best = candidate
        }
    }

    /// The decision, once every candidate has been considered.
    func decision(percentile: LatencyPercentile, excludedSyntheticCount: Int) -> PlanDecision {
        let artifacts = self.artifacts
        let backends = self.backends
        func estimate(_ candidate: Candidate) -> ArtifactEstimate {
            ArtifactEstimate(
                candidate, artifact: artifacts[candidate.artifact], backend: backends[candidate.backend], percentile: percentile)
        }
        if let best = self.best {
            return .assign(estimate: estimate(best))
        }
        if self.pendingCount > 0 {
            return .awaitingBenchmarks(pendingCount: self.pendingCount)
        }
        if let blocked = self.smallestFittingLatency, let memoryBudgetMb = self.memoryBudgetMb {
            return .noFeasibleVariant(cause: .memoryBudget(budgetMB: memoryBudgetMb, smallest: estimate(blocked)))
        }
        if let fastest = self.fastestWithinMemory {
            let cause = Infeasibility.latencyBudget(
                latencyBudgetMs: self.latencyBudgetMs,
                headroom: self.headroom,
                fastest: estimate(fastest)
            )
            return .noFeasibleVariant(cause: cause)
        }
        if let smallest = self.smallest, let memoryBudgetMb = self.memoryBudgetMb {
            return .noFeasibleVariant(cause: .memoryBudget(budgetMB: memoryBudgetMb, smallest: estimate(smallest)))
        }
        return .noFeasibleVariant(cause: .noCandidates(excludedSyntheticCount: excludedSyntheticCount))
    }

    /// Every candidate with its verdict (the chosen one marked), when explaining.
    func explanations() -> [CandidateExplanation]? {
        let artifacts = self.artifacts
        let backends = self.backends
        return self.explained.map { entries in
            entries.map { entry in
                let chosen =
                    entry.candidate != nil && entry.candidate?.artifact == self.best?.artifact
                    && entry.candidate?.backend == self.best?.backend && entry.candidate?.isPredicted == self.best?.isPredicted
                return CandidateExplanation(
                    artifactID: artifacts[entry.artifact].id, backend: entry.candidate.map { backends[$0.backend] },
                    latencyMs: entry.candidate?.figures.latencyMs, upperMs: entry.candidate?.figures.upperMs,
                    peakRssMb: entry.candidate?.figures.peakRssMb, isPredicted: entry.candidate?.isPredicted ?? false,
                    verdict: chosen ? .chosen : entry.verdict)
            }
        }
    }
}

extension CandidateSelection {
    /// Whether `candidate` beats `other`, both fitting: the higher top-1 wins. Between equal top-1
    /// (one artifact on two backends, say) the faster wins only when it is faster beyond noise: its
    /// interval's upper bound lies below the other's point figure. Otherwise the device's current
    /// (artifact, backend) stays, and then the lower artifact id and backend name win, so that
    /// re-measuring an unchanged fleet does not move devices between equivalent choices.
    fileprivate func isBetter(_ candidate: Candidate, than other: Candidate) -> Bool {
        let top1 = self.artifacts[candidate.artifact].top1
        let otherTop1 = self.artifacts[other.artifact].top1
        guard top1 == otherTop1 else {
            return top1 > otherTop1
        }
        if candidate.figures.upperMs < other.figures.latencyMs { return true }
        if other.figures.upperMs < candidate.figures.latencyMs { return false }
        let isCurrent = self.isCurrent(candidate)
        let otherIsCurrent = self.isCurrent(other)
        guard isCurrent == otherIsCurrent else { return isCurrent }
        let id = self.artifacts[candidate.artifact].id
        let otherID = self.artifacts[other.artifact].id
        guard id == otherID else { return id < otherID }
        return self.backends[candidate.backend] < self.backends[other.backend]
    }

    private func isCurrent(_ candidate: Candidate) -> Bool {
        self.artifacts[candidate.artifact].id == self.currentArtifactID && self.backends[candidate.backend] == self.currentBackend
    }
}

private func isFaster(_ candidate: Candidate, than other: Candidate, among artifacts: [ArtifactDescriptor]) -> Bool {
    guard candidate.figures.latencyMs == other.figures.latencyMs else {
        return candidate.figures.latencyMs < other.figures.latencyMs
    }
    guard candidate.artifact == other.artifact else {
        return artifacts[candidate.artifact].id < artifacts[other.artifact].id
    }
    return candidate.backend < other.backend
}

private func isSmaller(_ candidate: Candidate, than other: Candidate, among artifacts: [ArtifactDescriptor]) -> Bool {
    guard candidate.figures.peakRssMb == other.figures.peakRssMb else {
        return candidate.figures.peakRssMb < other.figures.peakRssMb
    }
    return isFaster(candidate, than: other, among: artifacts)
}

extension ArtifactEstimate {
    fileprivate init(_ candidate: Candidate, artifact: ArtifactDescriptor, backend: String, percentile: LatencyPercentile) {
        self.init(
            artifactID: artifact.id,
            backend: backend,
            variant: artifact.variant,
            precision: artifact.precision,
            top1: artifact.top1,
            latencyMs: candidate.figures.latencyMs,
            percentile: percentile,
            peakRssMb: candidate.figures.peakRssMb,
            isPredicted: candidate.isPredicted
        )
    }
}
