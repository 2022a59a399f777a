import Foundation

/// The variant catalog (`Registry/variants.json`): coefficients, sizes and published accuracy of
/// every variant, with where each number comes from.
public struct VariantCatalog: Codable, Sendable {
    /// Published figures of one variant.
    public struct Published: Codable, Hashable, Sendable {
        public var paramsM: Double
        public var maddsM: Double
        /// ImageNet top-1 (%) of the FP32 model.
        public var top1FP32: Double
        /// ImageNet top-1 (%) after post-training INT8 quantization.
        public var top1INT8: Double
        public var source: String

        public init(paramsM: Double, maddsM: Double, top1FP32: Double, top1INT8: Double, source: String) {
            self.paramsM = paramsM
            self.maddsM = maddsM
            self.top1FP32 = top1FP32
            self.top1INT8 = top1INT8
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case source
            case paramsM = "params_m"
            case maddsM = "madds_m"
            case top1FP32 = "top1_fp32"
            case top1INT8 = "top1_int8"
        }
    }

    /// Where a variant's real weights come from.
    public struct Weights: Codable, Hashable, Sendable {
        public var pypi: String
        public var version: String
        public var file: String
    }

    /// One catalog entry.
    public struct Entry: Codable, Hashable, Sendable {
        public var name: String
        public var width: Double
        public var depth: Double
        public var resolution: Int
        public var blocks: Int
        /// Trainable parameters (conv kernels, BN γ/β, classifier).
        public var params: Int
        public var macs: Int
        public var published: Published
        public var weights: Weights?
    }

    public var formatVersion: Int
    public var sources: [String: String]
    public var variants: [Entry]

    enum CodingKeys: String, CodingKey {
        case sources, variants
        case formatVersion = "format_version"
    }

    /// Reads a catalog file.
    public init(contentsOf url: URL) throws {
        self = try JSONDecoder().decode(VariantCatalog.self, from: Data(contentsOf: url))
    }

    /// The entry for `variant`, if listed.
    public func entry(for variant: Variant) -> Entry? {
        variants.first { $0.name == variant.rawValue }
    }
}
