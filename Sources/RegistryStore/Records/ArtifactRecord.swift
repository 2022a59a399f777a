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
    /// Top-1 credited from measurement, when known: for an INT8 artifact that records its
    /// agreement with its FP32 source, published FP32 top-1 − the upper bound on the disagreement.
    public var measuredTop1: Double?
    /// Where the credited top-1 comes from: `published-fp32`, `published-int8` or
    /// `fp32-minus-disagreement`; nil on records stored before it was recorded.
    public var top1Source: String?
    /// One sentence: the arithmetic behind the credited top-1 and where each number comes from.
    public var top1Detail: String?
    /// The recorded agreement: inputs evaluated, inputs whose top-1 differs from the FP32
    /// source's, and the one-sided upper confidence bound on that rate (recomputed by the registry).
    public var agreementInputs: Int?
    public var agreementDisagreements: Int?
    public var disagreementUpperBound: Double?
    public var createdAt: Date
    /// When an operator deleted it (its blob is gone; the record stays for the deployments that
    /// name it); pushing the same bytes again brings it back.
    public var deletedAt: Date?

    public init(
        id: String, variant: String, precision: String, sizeBytes: Int, origin: String, isSynthetic: Bool,
        publishedTop1: Double?, measuredTop1: Double? = nil, top1Source: String? = nil, top1Detail: String? = nil,
        agreementInputs: Int? = nil, agreementDisagreements: Int? = nil, disagreementUpperBound: Double? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.variant = variant
        self.precision = precision
        self.sizeBytes = sizeBytes
        self.origin = origin
        self.isSynthetic = isSynthetic
        self.publishedTop1 = publishedTop1
        self.measuredTop1 = measuredTop1
        self.top1Source = top1Source
        self.top1Detail = top1Detail
        self.agreementInputs = agreementInputs
        self.agreementDisagreements = agreementDisagreements
        self.disagreementUpperBound = disagreementUpperBound
        self.createdAt = createdAt
    }
}
