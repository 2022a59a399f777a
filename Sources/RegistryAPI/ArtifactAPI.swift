/// An artifact as the API shows it. Uploads are the raw safetensors bytes (`POST /v1/artifacts`);
/// the registry reads variant, precision, origin and accuracy evidence from the file itself.
public struct ArtifactView: Codable, Hashable, Sendable {
    public var id: String
    public var variant: String
    public var precision: String
    public var sizeBytes: Int
    public var origin: String
    public var synthetic: Bool
    /// The catalog's published ImageNet top-1 (%) for this variant and precision.
    public var publishedTop1: Double?
    /// The top-1 (%) the planner credits the artifact with.
    public var top1: Double?
    /// Where ``top1`` comes from: `published-fp32`, `published-int8` (an INT8 artifact that records
    /// no agreement with its FP32 source) or `fp32-minus-disagreement`.
    public var top1Source: String?
    /// One sentence: the arithmetic behind ``top1`` and where each number comes from.
    public var top1Detail: String?
    /// An INT8 artifact's recorded top-1 agreement with its FP32 source.
    public var agreement: AgreementView?

    public init(
        id: String, variant: String, precision: String, sizeBytes: Int, origin: String, synthetic: Bool, publishedTop1: Double?,
        top1: Double? = nil, top1Source: String? = nil, top1Detail: String? = nil, agreement: AgreementView? = nil
    ) {
        self.id = id
        self.variant = variant
        self.precision = precision
        self.sizeBytes = sizeBytes
        self.origin = origin
        self.synthetic = synthetic
        self.publishedTop1 = publishedTop1
        self.top1 = top1
        self.top1Source = top1Source
        self.top1Detail = top1Detail
        self.agreement = agreement
    }
}

/// An INT8 artifact's top-1 agreement with its FP32 source on a held-out evaluation set.
public struct AgreementView: Codable, Hashable, Sendable {
    /// Inputs evaluated.
    public var inputs: Int
    /// Inputs on which the two top-1 classes differ.
    public var disagreements: Int
    /// One-sided 95 % Clopper–Pearson upper bound on the disagreement rate (a fraction).
    public var disagreementUpperBound: Double

    public init(inputs: Int, disagreements: Int, disagreementUpperBound: Double) {
        self.inputs = inputs
        self.disagreements = disagreements
        self.disagreementUpperBound = disagreementUpperBound
    }

    /// Observed disagreement rate (a fraction).
    public var disagreementRate: Double { inputs > 0 ? Double(disagreements) / Double(inputs) : 0 }

    enum CodingKeys: CodingKey {
        case inputs, disagreements, disagreementRate, disagreementUpperBound
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try container.decode(Int.self, forKey: .inputs)
        disagreements = try container.decode(Int.self, forKey: .disagreements)
        disagreementUpperBound = try container.decode(Double.self, forKey: .disagreementUpperBound)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(disagreements, forKey: .disagreements)
        try container.encode(disagreementRate, forKey: .disagreementRate)
        try container.encode(disagreementUpperBound, forKey: .disagreementUpperBound)
    }
}
