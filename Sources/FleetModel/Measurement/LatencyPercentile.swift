/// The latency percentile that the planner compares with a device's latency budget.
public enum LatencyPercentile: String, CaseIterable, Codable, Sendable {
    /// The median latency.
    case p50
    /// The 90th-percentile latency, the default.
    case p90
    /// The 99th-percentile latency.
    case p99

    /// Decodes `p50`, `p90` or `p99`; anything else is an error that says which values are allowed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let percentile = LatencyPercentile(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be \(Self.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        }
        self = percentile
    }
}
