import EffCore

/// `POST /v1/results`: one benchmark's ``BenchmarkFigures`` (at the top level of the JSON, as
/// `effctl engine bench --json` reports them), plus the id the agent chose (re-posting the same id
/// stores nothing new) and the artifact it measured. Figures read through, as `report.p90Ms`.
@dynamicMemberLookup
public struct BenchmarkReport: Codable, Hashable, Sendable {
    public var id: String
    public var artifactId: String
    public var figures: BenchmarkFigures
    /// Filled in by the registry when listing.
    public var deviceId: String?
    /// When the registry stored the result (seconds since 1970); filled in when listing.
    public var createdAt: Double?

    public init(id: String, artifactId: String, figures: BenchmarkFigures, deviceId: String? = nil, createdAt: Double? = nil) {
        self.id = id
        self.artifactId = artifactId
        self.figures = figures
        self.deviceId = deviceId
        self.createdAt = createdAt
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<BenchmarkFigures, Value>) -> Value {
        get { figures[keyPath: keyPath] }
        set { figures[keyPath: keyPath] = newValue }
    }

    /// Checks the id and every rule of ``MeasurementRules`` for the figures.
    public func validate(latencyFloorMs: Double?) throws(InvalidMeasurementField) {
        guard MeasurementRules.resultIDLengths.contains(id.count) else {
            throw InvalidMeasurementField(
                "id", "must be \(MeasurementRules.resultIDLengths.lowerBound)–\(MeasurementRules.resultIDLengths.upperBound) characters")
        }
        try figures.validate(latencyFloorMs: latencyFloorMs)
    }

    enum CodingKeys: CodingKey {
        case id, artifactId, deviceId, createdAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.artifactId = try container.decode(String.self, forKey: .artifactId)
        self.deviceId = try container.decodeIfPresent(String.self, forKey: .deviceId)
        self.createdAt = try container.decodeIfPresent(Double.self, forKey: .createdAt)
        self.figures = try BenchmarkFigures(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(artifactId, forKey: .artifactId)
        try container.encodeIfPresent(deviceId, forKey: .deviceId)
        try container.encodeIfPresent(createdAt, forKey: .createdAt)
        try figures.encode(to: encoder)
    }
}

/// The answer to a result post.
public struct ResultAcknowledgement: Codable, Hashable, Sendable {
    public var id: String
    /// False when the id was already stored (a retry).
    public var stored: Bool

    public init(id: String, stored: Bool) {
        self.id = id
        self.stored = stored
    }
}
