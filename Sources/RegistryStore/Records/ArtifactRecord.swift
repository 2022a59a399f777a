import Foundation
import GRDB

/// One artifact the registry holds; its bytes live in the blob store under `id` (its sha256).
public struct ArtifactRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "artifact"

    public var id: String
    public var variant: String
    public var precision: String
    public var sizeBytes: Int
    public var origin: String
    public var isSynthetic: Bool
    /// Published ImageNet top-1 (%) for this variant and precision, from the catalog.
    public var publishedTop1: Double?
    /// Top-1 measured by the operator, when known.
    public var measuredTop1: Double?
    public var createdAt: Date

    public init(
        id: String, variant: String, precision: String, sizeBytes: Int, origin: String, isSynthetic: Bool,
        publishedTop1: Double?, measuredTop1: Double? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.variant = variant
        self.precision = precision
        self.sizeBytes = sizeBytes
        self.origin = origin
        self.isSynthetic = isSynthetic
        self.publishedTop1 = publishedTop1
        self.measuredTop1 = measuredTop1
        self.createdAt = createdAt
    }
}
