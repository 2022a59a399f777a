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

    /// Achieved arithmetic rate (2 FLOP per MAC).
    public var gigaflops: Double {
        milliseconds > 0 ? Double(2 * multiplyAccumulates) / (milliseconds * 1e6) : 0
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, output, milliseconds
        case multiplyAccumulates = "macs"
    }
}
