import EffCore
import EffFleetTesting
import Foundation
import LiteArtifact
import LiteEngine
import TensorIO
import XCTest

/// INT8 artifacts: accuracy against FP32 on held-out photos, XNNPACK against the integer
/// reference, and refusal of bad quantization metadata.
final class Int8Tests: XCTestCase {
    private var evaluationPhotos: String { Fixtures.cache.appendingPathComponent("photos/evaluation").path }

    func testInt8KeepsAccuracyOnRealWeights() throws {
        for variant in [Variant.lite0, .lite1, .lite2] {
            let fp32 = try ImportedArtifacts.path(variant)
            let int8 = try ImportedArtifacts.quantized(fp32)
            let comparison = try ArtifactComparison.compare(artifact: int8, reference: fp32, photosIn: evaluationPhotos)
            XCTAssertGreaterThanOrEqual(comparison.photos.count, 16)
            let decisive = comparison.photos.filter { $0.referenceProbability >= ArtifactComparison.decisiveProbability }
            XCTAssertGreaterThanOrEqual(decisive.count, 8, "\(variant): too few decisive photos to judge")
            XCTAssertGreaterThanOrEqual(comparison.decisiveTop1Agreement, 0.9, "\(variant): \(comparison.photos)")
            XCTAssertGreaterThanOrEqual(comparison.top1Agreement, 0.8, "\(variant): \(comparison.photos)")
            XCTAssertGreaterThanOrEqual(comparison.meanCosine, 0.98, "\(variant)")
            let cat = try InferenceSession(artifactPath: int8).classify(try ModelInput(contentsOf: try Fixtures.photo("cat").path), top: 1)
            XCTAssertTrue((281...285).contains(cat.first?.classIndex ?? -1), "\(variant) int8 cat → \(cat)")
        }
    }

    func testMetadataCarriesEveryScaleAndTheCalibrationSet() throws {
        let int8 = try Artifact(path: try ImportedArtifacts.quantized(try ImportedArtifacts.path(.lite0)))
        let quantization = try XCTUnwrap(int8.metadata.quantization)
        XCTAssertEqual(int8.metadata.precision, .int8)
        XCTAssertEqual(quantization.input, QuantizationParameters(scale: 1.0 / 128, zeroPoint: -1))
        XCTAssertEqual(quantization.layers.count, int8.layout.layers.count)
        XCTAssertEqual(quantization.calibration.images, quantization.calibration.files.count)
        XCTAssertEqual(quantization.calibration.sha256.count, 64)
        XCTAssertEqual(quantization.sourceSHA256, try Artifact.sha256(ofFileAt: try ImportedArtifacts.path(.lite0)))
        let evaluation = try FileManager.default.contentsOfDirectory(atPath: evaluationPhotos)
        XCTAssertTrue(Set(quantization.calibration.files).isDisjoint(with: evaluation), "calibration and evaluation photos overlap")
        for layer in int8.layout.residualLayers {
            XCTAssertNotNil(quantization.layers[layer]?.residualOutput, layer)
        }
        XCTAssertNotNil(quantization.layers["classifier"]?.pooled)
        XCTAssertEqual(
            int8.weightBytes, int8.layout.layers.reduce(0) { $0 + $1.operation.weightShape.reduce(1, *) + 4 * $1.operation.outputChannels })
    }

    /// Dead channels fold into huge negative biases; clamped at ±2³⁰ the int32 accumulator cannot
    /// wrap around (it did at ±2³¹ in Lite1's stem, so backends disagreed on those channels).
    func testBiasesLeaveRoomForTheAccumulator() throws {
        for variant in [Variant.lite0, .lite1, .lite2] {
            let artifact = try Artifact(path: try ImportedArtifacts.quantized(try ImportedArtifacts.path(variant)))
            for layer in artifact.layout.layers {
                let bias = try artifact.quantizedWeights(of: layer).bias
                XCTAssertTrue(bias.allSatisfy { abs(Int64($0)) <= 1 << 30 }, "\(variant) \(layer.name)")
            }
        }
    }

    func testInputQuantizationIsExact() {
        let parameters = Int8ArtifactBuilder.inputParameters(mean: 127, std: 128)
        XCTAssertEqual(parameters.scale, 1.0 / 128)
        XCTAssertEqual(parameters.zeroPoint, -1)
        for value in 0...255 {
            XCTAssertEqual(Int(parameters.quantize((Float(value) - 127) / 128)), value - 128)
        }
    }

    /// XNNPACK's int8 operators and the integer reference agree within one quantum of the logits.
    func testBackendsAgreeWithinOneQuantum() throws {
        var artifacts = try [Variant.lite0, .lite2].map { try ImportedArtifacts.quantized(try ImportedArtifacts.path($0)) }
        artifacts += try [Variant.lite1, .lite3, .lite4].map {
            try ImportedArtifacts.quantized(try ImportedArtifacts.synthetic($0), images: 2)
        }
        for path in artifacts {
            let artifact = try Artifact(path: path)
            let logitScale = try XCTUnwrap(artifact.metadata.quantization?.layers["classifier"]?.output.scale)
            for photo in ["cat", "coffee"] {
                let input = try ModelInput(contentsOf: try Fixtures.photo(photo).path)
                let expected = try InferenceSession(artifact: artifact, backend: .reference).logits(for: input)
                for threads in [1, 2] {
                    let logits = try InferenceSession(artifact: artifact, backend: .xnnpack, threads: threads).logits(for: input)
                    let quanta = zip(logits, expected).map { abs($0 - $1) / logitScale }.max() ?? .infinity
                    XCTAssertLessThanOrEqual(
                        quanta, 1.001, "\(artifact.metadata.variant) \(photo) threads=\(threads): \(quanta) quanta apart")
                }
            }
        }
    }

    func testBadQuantizationMetadataIsRefusedAtLoad() throws {
        let source = try SafeTensorsFile(path: try ImportedArtifacts.quantized(try ImportedArtifacts.path(.lite0)))
        let directory = try Fixtures.temporaryDirectory("bad-int8")
        defer { try? FileManager.default.removeItem(at: directory) }
        func rewrite(
            _ name: String, quantization change: (inout [String: Any]) -> Void = { _ in }, precision: String = "int8",
            reshape: String? = nil
        ) throws -> String {
            var metadata = source.metadata
            var spec = try XCTUnwrap(JSONSerialization.jsonObject(with: Data((metadata["quantization"] ?? "").utf8)) as? [String: Any])
            change(&spec)
            metadata["quantization"] = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
            metadata["precision"] = precision
            var writer = SafeTensorsWriter(metadata: metadata)
            for tensor in source.names {
                let info = try XCTUnwrap(source.tensors[tensor])
                let bytes = try source.withBytes(of: tensor) { [UInt8]($0) }
                let shape = tensor == reshape ? [info.elementCount] : info.shape
                try writer.add(tensor, dtype: info.dtype, shape: shape, bytes: bytes)
            }
            let path = directory.appendingPathComponent(name).path
            try writer.write(to: path)
            return path
        }
        func editLayer(_ layer: String, _ edit: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { spec in
                var layers = spec["layers"] as? [String: Any] ?? [:]
                var entry = layers[layer] as? [String: Any] ?? [:]
                edit(&entry)
                layers[layer] = entry
                spec["layers"] = layers
            }
        }
        let cases: [(String, String, String)] = [
            (
                "missing layer",
                try rewrite(
                    "a",
                    quantization: { spec in
                        var layers = spec["layers"] as? [String: Any] ?? [:]
                        layers["blocks.4.expand"] = nil
                        spec["layers"] = layers
                    }), "missing scale"
            ),
            ("missing scale key", try rewrite("b", quantization: editLayer("stem") { $0["output"] = ["zero_point": 3] }), "scale"),
            (
                "zero point out of range",
                try rewrite("c", quantization: editLayer("head") { $0["output"] = ["scale": 0.1, "zero_point": 200] }), "zero point"
            ),
            ("negative scale", try rewrite("d", quantization: { $0["input"] = ["scale": -1, "zero_point": 0] }), "scale"),
            (
                "too few weight scales", try rewrite("e", quantization: editLayer("blocks.0.depthwise") { $0["weight_scales"] = [0.1] }),
                "weight scales"
            ),
            (
                "missing residual",
                try rewrite(
                    "f",
                    quantization: editLayer(try XCTUnwrap(WeightLayout(architecture: Architecture(variant: .lite0)).residualLayers.first)) {
                        $0["residual_output"] = nil
                    }), "residual"
            ),
            ("tensor shape mismatch", try rewrite("g", reshape: "blocks.2.expand.weight"), "shape"),
            ("fp32 with int8 tensors", try rewrite("h", precision: "fp32"), "quantization"),
            ("unknown scheme", try rewrite("i", quantization: { $0["scheme"] = "qu4" }), "scheme"),
        ]
        for (label, path, fragment) in cases {
            XCTAssertThrowsError(try Artifact(path: path), label) { error in
                XCTAssertTrue(String(describing: error).contains(fragment), "\(label): \(error)")
            }
            XCTAssertThrowsError(try InferenceSession(artifactPath: path), label)
        }
    }

    func testEvaluatingAnArtifactAgainstItselfIsPerfect() throws {
        let path = try ImportedArtifacts.path(.lite0)
        let comparison = try ArtifactComparison.compare(artifact: path, reference: path, photosIn: evaluationPhotos)
        XCTAssertEqual(comparison.top1Agreement, 1)
        XCTAssertEqual(comparison.top5Overlap, 1)
        XCTAssertEqual(comparison.meanCosine, 1, accuracy: 1e-9)
        XCTAssertThrowsError(
            try ArtifactComparison.compare(artifact: path, reference: try ImportedArtifacts.synthetic(.lite1), photosIn: evaluationPhotos))
    }
}
