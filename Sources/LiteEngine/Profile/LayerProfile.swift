/// The measured cost of one layer when run as its own XNNPACK operator.
public struct LayerProfile: Hashable, Codable, Sendable {
    /// Artifact layer name (`blocks.3.expand`), or `name+add` for a residual addition.
    public var name: String
    /// `conv`, `depthwise`, `add`, `pool` or `fc`.
    public var kind: String
    /// Output shape, `H×W×C`.
    public var output: String
    public var multiplyAccumulates: Int
    /// Median time of one run.
    public var milliseconds: Double
    /// For INT8 convolutions: the same layer as XNNPACK's unsigned `qu8` operator.
    public var alternativeMilliseconds: Double?

    public init(
        name: String, kind: String, output: String, multiplyAccumulates: Int, milliseconds: Double, alternativeMilliseconds: Double? = nil
    ) {
        self.name = name
        self.kind = kind
        self.output = output
        self.multiplyAccumulates = multiplyAccumulates
        self.milliseconds = milliseconds
        self.alternativeMilliseconds = alternativeMilliseconds
    }

    /// Achieved arithmetic rate (2 FLOP per MAC).
    public var gigaflops: Double {
        milliseconds > 0 ? Double(2 * multiplyAccumulates) / (milliseconds * 1e6) : 0
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, output, milliseconds
        case multiplyAccumulates = "macs"
        case alternativeMilliseconds = "qu8_ms"
    }
}
