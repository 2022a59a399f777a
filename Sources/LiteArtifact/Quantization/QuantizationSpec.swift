/// The `quantization` metadata of an INT8 artifact: every scale and zero point (see
/// `Docs/ARTIFACT.md`).
public struct QuantizationSpec: Hashable, Codable, Sendable {
    /// The calibration set the activation ranges come from.
    public struct Calibration: Hashable, Codable, Sendable {
        public var images: Int
        /// sha256 over the sorted file names and contents.
        public var sha256: String
        public var files: [String]

        public init(images: Int, sha256: String, files: [String]) {
            self.images = images
            self.sha256 = sha256
            self.files = files
        }
    }

    /// Quantization of one layer.
    public struct Layer: Hashable, Codable, Sendable {
        /// One symmetric scale per output channel.
        public var weightScales: [Float]
        /// The layer's own output.
        public var output: QuantizationParameters
        /// The sum after a residual connection (projections only).
        public var residualOutput: QuantizationParameters?
        /// The global average pool before the classifier.
        public var pooled: QuantizationParameters?

        public init(
            weightScales: [Float], output: QuantizationParameters, residualOutput: QuantizationParameters? = nil,
            pooled: QuantizationParameters? = nil
        ) {
            self.weightScales = weightScales
            self.output = output
            self.residualOutput = residualOutput
            self.pooled = pooled
        }

        enum CodingKeys: String, CodingKey {
            case output, pooled
            case weightScales = "weight_scales"
            case residualOutput = "residual_output"
        }
    }

    /// `qs8-qc8`: int8 activations per tensor, int8 weights per output channel.
    public var scheme: String
    /// How activation ranges were chosen (`minmax`).
    public var method: String
    public var calibration: Calibration
    /// sha256 of the FP32 artifact this one was quantized from.
    public var sourceSHA256: String
    public var input: QuantizationParameters
    public var layers: [String: Layer]

    public static let scheme = "qs8-qc8"

    public init(method: String, calibration: Calibration, sourceSHA256: String, input: QuantizationParameters, layers: [String: Layer]) {
        self.scheme = Self.scheme
        self.method = method
        self.calibration = calibration
        self.sourceSHA256 = sourceSHA256
        self.input = input
        self.layers = layers
    }

    enum CodingKeys: String, CodingKey {
        case scheme, method, calibration, input, layers
        case sourceSHA256 = "source_sha256"
    }

    /// The parameters of layer `name`, or a clear error when they are missing.
    public func layer(_ name: String) throws(ArtifactError) -> Layer {
        guard let layer = layers[name] else {
            throw ArtifactError("quantization metadata has no entry for layer '\(name)' (missing scale)")
        }
        return layer
    }

    /// Checks that every layer of `layout` has complete, in-range parameters.
    public func validate(against layout: WeightLayout, residualLayers: Set<String>) throws(ArtifactError) {
        guard scheme == Self.scheme else {
            throw ArtifactError("quantization scheme '\(scheme)' is not supported (expected \(Self.scheme))")
        }
        try input.validate("input")
        for spec in layout.layers {
            let layer = try layer(spec.name)
            guard layer.weightScales.count == spec.operation.outputChannels else {
                throw ArtifactError(
                    "quantization of '\(spec.name)': \(layer.weightScales.count) weight scales for \(spec.operation.outputChannels) "
                        + "channels"
                )
            }
            guard layer.weightScales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw ArtifactError("quantization of '\(spec.name)': weight scales must be positive finite numbers")
            }
            try layer.output.validate(spec.name)
            if residualLayers.contains(spec.name) {
                guard let residual = layer.residualOutput else {
                    throw ArtifactError("quantization of '\(spec.name)' has no residual_output (missing scale)")
                }
                try residual.validate(spec.name + ".residual_output")
            }
            if case .fullyConnected = spec.operation {
                guard let pooled = layer.pooled else {
                    throw ArtifactError("quantization of '\(spec.name)' has no pooled parameters (missing scale)")
                }
                try pooled.validate(spec.name + ".pooled")
            }
        }
        if let unknown = layers.keys.sorted().first(where: { name in !layout.layers.contains { $0.name == name } }) {
            throw ArtifactError("quantization metadata names unknown layer '\(unknown)'")
        }
    }
}
