import EffCore
import Foundation

/// What an artifact says about itself, stored as the safetensors `__metadata__` map.
///
/// See `Docs/ARTIFACT.md` for the keys.
public struct ArtifactMetadata: Hashable, Sendable {
    /// The format version this code writes and reads.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var variant: Variant
    public var precision: Precision
    public var inputMean: Float
    public var inputStd: Float
    public var origin: WeightOrigin
    /// sha256 of the source weight file, for pretrained weights.
    public var originSHA256: String?
    public var architecture: Architecture

    public init(
        variant: Variant, precision: Precision, architecture: Architecture, origin: WeightOrigin,
        originSHA256: String? = nil, inputMean: Float = 127, inputStd: Float = 128
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.variant = variant
        self.precision = precision
        self.architecture = architecture
        self.origin = origin
        self.originSHA256 = originSHA256
        self.inputMean = inputMean
        self.inputStd = inputStd
    }

    /// Square input edge in pixels.
    public var resolution: Int { architecture.resolution }

    /// The flat string map written into the file.
    public func encoded() throws(ArtifactError) -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let architectureJSON: String
        do {
            architectureJSON = String(decoding: try encoder.encode(architecture), as: UTF8.self)
        } catch {
            throw ArtifactError("cannot encode architecture: \(error)")
        }
        var map: [String: String] = [
            Key.formatVersion: String(formatVersion),
            Key.variant: variant.rawValue,
            Key.precision: precision.rawValue,
            Key.resolution: String(resolution),
            Key.inputMean: Self.format(inputMean),
            Key.inputStd: Self.format(inputStd),
            Key.origin: origin.description,
            Key.architecture: architectureJSON,
        ]
        if let originSHA256 {
            map[Key.originSHA256] = originSHA256
        }
        return map
    }

    /// Parses and validates the string map read from a file.
    public init(decoding map: [String: String]) throws(ArtifactError) {
        func required(_ key: String) throws(ArtifactError) -> String {
            guard let value = map[key], !value.isEmpty else { throw ArtifactError("artifact metadata has no '\(key)'") }
            return value
        }
        guard let version = Int(try required(Key.formatVersion)) else { throw ArtifactError("artifact metadata 'format_version' is not a number") }
        guard version == Self.currentFormatVersion else {
            throw ArtifactError("artifact format version \(version) is not supported (this engine reads \(Self.currentFormatVersion))")
        }
        let variantName = try required(Key.variant)
        guard let variant = Variant(name: variantName) else { throw ArtifactError("unknown variant '\(variantName)' (expected lite0…lite4)") }
        let precisionName = try required(Key.precision)
        guard let precision = Precision(rawValue: precisionName) else { throw ArtifactError("unknown precision '\(precisionName)'") }
        let originText = try required(Key.origin)
        guard let origin = WeightOrigin(originText) else {
            throw ArtifactError("origin '\(originText)' is neither pretrained:<source> nor synthetic:<seed>")
        }
        guard let mean = Float(try required(Key.inputMean)), mean.isFinite,
            let std = Float(try required(Key.inputStd)), std.isFinite, std > 0
        else { throw ArtifactError("input_mean/input_std must be finite numbers with std > 0") }
        let architecture: Architecture
        do {
            architecture = try JSONDecoder().decode(Architecture.self, from: Data(try required(Key.architecture).utf8))
        } catch let error as ArtifactError {
            throw error
        } catch {
            throw ArtifactError("artifact metadata 'architecture' is not a valid architecture description")
        }
        do {
            try architecture.validate()
        } catch {
            throw ArtifactError(error.description)
        }
        guard let resolution = Int(try required(Key.resolution)), resolution == architecture.resolution else {
            throw ArtifactError("metadata resolution does not match the architecture's \(architecture.resolution)")
        }
        self.init(
            variant: variant, precision: precision, architecture: architecture, origin: origin,
            originSHA256: map[Key.originSHA256], inputMean: mean, inputStd: std
        )
        self.formatVersion = version
    }

    /// Metadata keys.
    public enum Key {
        public static let formatVersion = "format_version"
        public static let variant = "variant"
        public static let precision = "precision"
        public static let resolution = "resolution"
        public static let inputMean = "input_mean"
        public static let inputStd = "input_std"
        public static let origin = "origin"
        public static let originSHA256 = "origin_sha256"
        public static let architecture = "architecture"
    }

    private static func format(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : String(value)
    }
}
