import EffCore

/// The `agreement` metadata of a quantized artifact: how often its top-1 class matched that of the
/// FP32 artifact it was quantized from, over a held-out evaluation set disjoint from calibration
/// (see `Docs/ARTIFACT.md`). Optional: artifacts quantized before it was recorded have none.
public struct AgreementEvidence: Hashable, Codable, Sendable {
    /// The evaluation set.
    public struct EvaluationSet: Hashable, Codable, Sendable {
        /// How inputs are derived from the source photos (e.g. `effset-1`).
        public var recipe: String
        /// Source photo file names, sorted.
        public var sources: [String]
        /// sha256 over the sorted source names and pixels.
        public var sourcesSHA256: String
        /// sha256 over every evaluated input (name, shape and pixels, in order).
        public var inputsSHA256: String

        public init(recipe: String, sources: [String], sourcesSHA256: String, inputsSHA256: String) {
            self.recipe = recipe
            self.sources = sources
            self.sourcesSHA256 = sourcesSHA256
            self.inputsSHA256 = inputsSHA256
        }

        enum CodingKeys: String, CodingKey {
            case recipe, sources
            case sourcesSHA256 = "sources_sha256"
            case inputsSHA256 = "inputs_sha256"
        }
    }

    /// sha256 of the FP32 artifact compared against (the quantization's `source_sha256`).
    public var referenceSHA256: String
    /// Number of evaluated inputs.
    public var inputs: Int
    /// Inputs on which the two top-1 classes differ.
    public var disagreements: Int
    /// Confidence of ``disagreementUpperBound``.
    public var confidence: Double
    /// `clopper-pearson`.
    public var method: String
    /// One-sided upper confidence bound on the disagreement rate.
    public var disagreementUpperBound: Double
    /// Mean share of the reference's top-5 classes also in this artifact's top 5 (information only).
    public var top5Overlap: Double
    /// Mean cosine similarity of the logits (information only).
    public var meanCosine: Double
    /// Inputs on which the reference is decisive (its top-1 softmax probability ≥ 0.25), and the
    /// disagreements among them (information only: not credited, the bound covers every input).
    public var decisiveInputs: Int?
    public var decisiveDisagreements: Int?
    /// Backends the two artifacts ran on.
    public var backend: String
    public var referenceBackend: String
    /// Calibration photos (names and pixel hashes) were checked to share no source with the set.
    public var set: EvaluationSet

    public init(
        referenceSHA256: String, inputs: Int, disagreements: Int, top5Overlap: Double, meanCosine: Double,
        backend: String, referenceBackend: String, set: EvaluationSet, confidence: Double = Top1Credit.confidence
    ) {
        self.referenceSHA256 = referenceSHA256
        self.inputs = inputs
        self.disagreements = disagreements
        self.confidence = confidence
        self.method = BinomialBound.method
        self.disagreementUpperBound =
            inputs > 0 ? BinomialBound.clopperPearsonUpper(successes: disagreements, trials: inputs, confidence: confidence) : 1
        self.top5Overlap = top5Overlap
        self.meanCosine = meanCosine
        self.backend = backend
        self.referenceBackend = referenceBackend
        self.set = set
    }

    /// Observed top-1 agreement.
    public var top1Agreement: Double { inputs > 0 ? 1 - Double(disagreements) / Double(inputs) : 0 }

    /// The planner's view of it.
    public var credit: Top1Credit.Agreement { Top1Credit.Agreement(inputs: inputs, disagreements: disagreements, confidence: confidence) }

    /// Checks counts and that the bound is the one its counts give.
    public func validate(sourceSHA256: String) throws(ArtifactError) {
        guard inputs >= 1, (0...inputs).contains(disagreements) else {
            throw ArtifactError("agreement: disagreements (\(disagreements)) must be between 0 and inputs (\(inputs)), with inputs ≥ 1")
        }
        guard referenceSHA256 == sourceSHA256 else {
            throw ArtifactError("agreement was measured against \(referenceSHA256), not the quantization's source \(sourceSHA256)")
        }
        guard method == BinomialBound.method, confidence > 0, confidence < 1 else {
            throw ArtifactError(
                "agreement: method '\(method)' at confidence \(confidence) is not supported (expected \(BinomialBound.method), 0 < "
                    + "confidence < 1)"
            )
        }
        let expected = BinomialBound.clopperPearsonUpper(successes: disagreements, trials: inputs, confidence: confidence)
        guard abs(disagreementUpperBound - expected) <= 1e-6 else {
            throw ArtifactError(
                "agreement: disagreement_upper_bound \(disagreementUpperBound) is not the \(method) bound of \(disagreements)/\(inputs) "
                    + "(\(expected))"
            )
        }
    }

    enum CodingKeys: String, CodingKey {
        case inputs, disagreements, confidence, method, backend, set
        case referenceSHA256 = "reference_sha256"
        case disagreementUpperBound = "disagreement_upper_bound"
        case top5Overlap = "top5_overlap"
        case meanCosine = "mean_cosine"
        case referenceBackend = "reference_backend"
        case decisiveInputs = "decisive_inputs"
        case decisiveDisagreements = "decisive_disagreements"
    }
}
