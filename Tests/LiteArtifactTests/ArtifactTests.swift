import EffCore
import Foundation
import LiteArtifact
import TensorIO
import XCTest

final class ArtifactTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("artifact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testSyntheticArtifactIsDeterministicAndSelfDescribing() throws {
        let first = try SyntheticWeights.builder(variant: .lite0, seed: 7).encoded()
        let second = try SyntheticWeights.builder(variant: .lite0, seed: 7).encoded()
        let other = try SyntheticWeights.builder(variant: .lite0, seed: 8).encoded()
        XCTAssertEqual(first, second)
        XCTAssertNotEqual(first, other)
        try Data(first).write(to: URL(fileURLWithPath: path("a.safetensors")))
        let artifact = try Artifact(path: path("a.safetensors"))
        XCTAssertEqual(artifact.metadata.variant, .lite0)
        XCTAssertEqual(artifact.metadata.precision, .fp32)
        XCTAssertEqual(artifact.metadata.origin, .synthetic(seed: 7))
        XCTAssertEqual(artifact.metadata.architecture, Architecture(variant: .lite0))
        XCTAssertEqual(artifact.metadata.inputMean, 127)
        XCTAssertEqual(artifact.metadata.inputStd, 128)
        XCTAssertEqual(artifact.layout.parameterCount, Architecture(variant: .lite0).foldedParameters)
        XCTAssertEqual(artifact.weightBytes, artifact.layout.parameterCount * 4)
        XCTAssertEqual(try artifact.sha256().count, 64)
    }

    func testBatchNormFoldingMatchesTheDefinition() throws {
        // Two output channels, OHWI weights of 1×1×2.
        let norm = BatchNorm(gamma: [2, 0.5], beta: [1, -1], mean: [0.5, 2], variance: [3, 0.25], epsilon: 1e-3)
        let folded = try norm.foldLeadingChannel(weight: [1, 2, 3, 4])
        let scale0 = 2 / (3 + 1e-3).squareRoot()
        let scale1 = 0.5 / (0.25 + 1e-3).squareRoot()
        XCTAssertEqual(folded.weight.map(Double.init), [1 * scale0, 2 * scale0, 3 * scale1, 4 * scale1].map { Double(Float($0)) })
        XCTAssertEqual(Double(folded.bias[0]), 1 - 0.5 * scale0, accuracy: 1e-6)
        XCTAssertEqual(Double(folded.bias[1]), -1 - 2 * scale1, accuracy: 1e-6)
        // Depthwise: the channel is the trailing index.
        let depthwise = try norm.foldTrailingChannel(weight: [1, 1, 1, 1])
        XCTAssertEqual(depthwise.weight, [Float(scale0), Float(scale1), Float(scale0), Float(scale1)])
        XCTAssertThrowsError(try norm.foldLeadingChannel(weight: [1, 2, 3]))
        XCTAssertThrowsError(try BatchNorm(gamma: [1], beta: [], mean: [0], variance: [1], epsilon: 0).foldLeadingChannel(weight: [1]))
    }

    func testBuilderRefusesWrongShapesAndMissingLayers() throws {
        var builder = ArtifactBuilder(
            metadata: ArtifactMetadata(
                variant: .lite0, precision: .fp32, architecture: Architecture(variant: .lite0), origin: .synthetic(seed: 1)))
        XCTAssertThrowsError(try builder.set("stem", LayerWeights(weight: [1], bias: [1])))
        XCTAssertThrowsError(try builder.set("nope", LayerWeights(weight: [], bias: [])))
        XCTAssertThrowsError(
            try builder.set("stem", LayerWeights(weight: Array(repeating: .nan, count: 864), bias: Array(repeating: 0, count: 32))))
        XCTAssertThrowsError(try builder.encoded(), "layers missing")
    }

    /// Rewrites a valid artifact with altered metadata or tensors.
    private func tampered(
        metadata change: (inout [String: String]) -> Void = { _ in }, dropTensor: String? = nil, reshape: String? = nil
    ) throws -> String {
        let source = try SafeTensorsFile(path: try validArtifact())
        var metadata = source.metadata
        change(&metadata)
        var writer = SafeTensorsWriter(metadata: metadata)
        for name in source.names where name != dropTensor {
            let values = try source.floats(name)
            let shape = name == reshape ? [values.count] : (source.tensors[name]?.shape ?? [])
            try writer.add(name, shape: shape, floats: values)
        }
        let output = path("tampered-\(UUID().uuidString).safetensors")
        try writer.write(to: output)
        return output
    }

    private func validArtifact() throws -> String {
        let output = path("valid.safetensors")
        if !FileManager.default.fileExists(atPath: output) {
            try SyntheticWeights.builder(variant: .lite0, seed: 3).write(to: output)
        }
        return output
    }

    func testLoadingRefusesBadMetadataAndTensors() throws {
        let cases: [(String, String)] = [
            ("missing variant", try tampered { $0["variant"] = nil }),
            ("unknown variant", try tampered { $0["variant"] = "lite9" }),
            ("future format", try tampered { $0["format_version"] = "2" }),
            ("bad origin", try tampered { $0["origin"] = "downloaded" }),
            ("zero std", try tampered { $0["input_std"] = "0" }),
            ("architecture not json", try tampered { $0["architecture"] = "{" }),
            ("resolution mismatch", try tampered { $0["resolution"] = "225" }),
            ("unknown precision", try tampered { $0["precision"] = "int4" }),
            ("missing tensor", try tampered(dropTensor: "blocks.3.depthwise.weight")),
            ("wrong shape", try tampered(reshape: "head.weight")),
            (
                "hostile architecture",
                try tampered { metadata in
                    let original = metadata["architecture"] ?? ""
                    metadata["architecture"] = original.replacingOccurrences(of: "\"resolution\":224", with: "\"resolution\":99999")
                }
            ),
        ]
        for (name, file) in cases {
            XCTAssertThrowsError(try Artifact(path: file), name) { error in
                XCTAssertFalse(String(describing: error).isEmpty)
            }
        }
        XCTAssertNoThrow(try Artifact(path: try validArtifact()))
    }
}
