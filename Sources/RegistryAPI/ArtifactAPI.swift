/// An artifact as the API shows it. Uploads are the raw safetensors bytes (`POST /v1/artifacts`);
/// the registry reads variant, precision and origin from the file itself.
public struct ArtifactView: Codable, Hashable, Sendable {
    public var id: String
    public var variant: String
    public var precision: String
    public var sizeBytes: Int
    public var origin: String
    public var synthetic: Bool
    public var publishedTop1: Double?

    public init(id: String, variant: String, precision: String, sizeBytes: Int, origin: String, synthetic: Bool, publishedTop1: Double?) {
        self.id = id
        self.variant = variant
        self.precision = precision
        self.sizeBytes = sizeBytes
        self.origin = origin
        self.synthetic = synthetic
        self.publishedTop1 = publishedTop1
    }

    enum CodingKeys: String, CodingKey {
        case id, variant, precision, origin, synthetic
        case sizeBytes = "size_bytes"
        case publishedTop1 = "published_top1"
    }
}
