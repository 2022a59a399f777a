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
    /// Scales and zero points; present exactly when `precision` is `int8`.
    public var quantization: QuantizationSpec?
    /// Measured top-1 agreement with the FP32 source; optional, INT8 only (see ``AgreementEvidence``).
    public var agreement: AgreementEvidence?

    public init(
        variant: Variant, precision: Precision, architecture: Architecture, origin: WeightOrigin,
        originSHA256: String? = nil, inputMean: Float = 127, inputStd: Float = 128, quantization: QuantizationSpec? = nil
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.variant = variant
        self.precision = precision
        self.architecture = architecture
        self.origin = origin
        self.originSHA256 = originSHA256
        self.inputMean = inputMean
        self.inputStd = inputStd
        self.quantization = quantization
        self.agreement = nil
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
        if let quantization {
            do {
                map[Key.quantization] = String(decoding: try encoder.encode(quantization), as: UTF8.self)
            } catch {
                throw ArtifactError("cannot encode quantization: \(error)")
            }
        }
        if let agreement {
            do {
                map[Key.agreement] = String(decoding: try encoder.encode(agreement), as: UTF8.self)
            } catch {
                throw ArtifactError("cannot encode agreement: \(error)")
            }
        }
        return map
    }

    /// Parses and validates the string map read from a file.
    public init(decoding map: [String: String]) throws(ArtifactError) {
        func required(_ key: String) throws(ArtifactError) -> String {
            guard let value = map[key], !value.isEmpty else { throw ArtifactError("artifact metadata has no '\(key)'") }
            return value
        }
        guard let version = Int(try required(Key.formatVersion)) else {
            throw ArtifactError("artifact metadata 'format_version' is not a number")
        }
        guard version == Self.currentFormatVersion else {
            throw ArtifactError("artifact format version \(version) is not supported (this engine reads \(Self.currentFormatVersion))")
        }
        let variantName = try required(Key.variant)
        guard let variant = Variant(name: variantName) else {
            throw ArtifactError("unknown variant '\(variantName)' (expected lite0…lite4)")
        }
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
        var quantization: QuantizationSpec?
        if let text = map[Key.quantization] {
            do {
                quantization = try JSONDecoder().decode(QuantizationSpec.self, from: Data(text.utf8))
            } catch {
                throw ArtifactError("artifact metadata 'quantization' is malformed (missing scale or zero point?): \(Self.describe(error))")
            }
        }
        guard (precision == .int8) == (quantization != nil) else {
            throw ArtifactError(
                precision == .int8
                    ? "int8 artifact has no 'quantization' metadata" : "\(precision.rawValue) artifact carries 'quantization' metadata")
        }
        if let quantization {
            let layout = WeightLayout(architecture: architecture)
            try quantization.validate(against: layout, residualLayers: layout.residualLayers)
        }
        var agreement: AgreementEvidence?
        if let text = map[Key.agreement] {
            guard let quantization else { throw ArtifactError("\(precision.rawValue) artifact carries 'agreement' metadata (INT8 only)") }
            do {
                agreement = try JSONDecoder().decode(AgreementEvidence.self, from: Data(text.utf8))
            } catch {
                throw ArtifactError("artifact metadata 'agreement' is malformed: \(Self.describe(error))")
            }
            try agreement?.validate(sourceSHA256: quantization.sourceSHA256)
        }
        self.init(
            variant: variant, precision: precision, architecture: architecture, origin: origin,
            originSHA256: map[Key.originSHA256], inputMean: mean, inputStd: std, quantization: quantization
        )
        self.agreement = agreement
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
        public static let quantization = "quantization"
        public static let agreement = "agreement"
    }

    /// A one-line account of a decoding error.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "no '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            return "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default:
            return "\(error)"
        }
    }

    private static func format(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : String(value)
    }
}
