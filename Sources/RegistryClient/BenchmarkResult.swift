import RegistryAPI

/// A stored benchmark result as `GET /v1/results` lists it: the report, and when the registry
/// received it if the registry says so (`created_at`, seconds since 1970).
public struct BenchmarkResult: Codable, Hashable, Sendable {
    /// The report as the device posted it, with its device.
    public var report: BenchmarkReport
    /// Seconds since 1970; nil from a registry that does not list it.
    public var createdAt: Double?

    /// Creates a result.
    public init(report: BenchmarkReport, createdAt: Double? = nil) {
        self.report = report
        self.createdAt = createdAt
    }

    private enum ExtraKeys: String, CodingKey {
        case createdAt = "created_at"
    }

    /// Decodes the report's fields and, if present, `created_at` from the same JSON object.
    public init(from decoder: any Decoder) throws {
        self.report = try BenchmarkReport(from: decoder)
        self.createdAt = try decoder.container(keyedBy: ExtraKeys.self).decodeIfPresent(Double.self, forKey: .createdAt)
    }

    /// Encodes the report's fields and `created_at` side by side, as the registry sends them.
    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: ExtraKeys.self)
        try container.encodeIfPresent(createdAt, forKey: .createdAt)
    }
}
