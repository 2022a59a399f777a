import EffCore
import EffFleetTesting
import Foundation
import LiteArtifact
import LiteEngine
import TensorIO
import XCTest

/// INT8 artifacts record their top-1 agreement with the FP32 source on ≥ 500 held-out inputs.
final class AgreementTests: XCTestCase {
    /// Inputs evaluated; `EFF_AGREEMENT_INPUTS` overrides (at least 500).
    private var inputs: Int { Int(ProcessInfo.processInfo.environment["EFF_AGREEMENT_INPUTS"] ?? "") ?? AgreementMeasurement.defaultInputs }

    /// Measures `variant`, records the evidence in the artifact, and reads it back.
    private func measure(_ variant: Variant) throws -> (AgreementEvidence, Artifact, Double) {
        let fp32 = try Artifact(path: try ImportedArtifacts.path(variant))
        let int8 = try Artifact(path: try ImportedArtifacts.quantized(fp32.path))
        let set = try EvaluationSet(directory: EvaluationSetTests.heldout)
        try set.checkDisjoint(fromCalibration: try Calibrator.photos(in: EvaluationSetTests.calibration, limit: nil))
        let outcome = try AgreementMeasurement.measure(artifact: int8, reference: fp32, set: set, inputs: inputs, threads: 2)

        // Record it as `effctl artifacts quantize --evaluation` does, and read it back.
        let calibration = try Calibrator.photos(in: EvaluationSetTests.calibration, limit: nil)
        let (ranges, calibrationSet) = try Calibrator.calibrate(artifact: fp32, photos: calibration)
        var builder = Int8ArtifactBuilder(source: fp32, ranges: ranges, calibration: calibrationSet)
        builder.agreement = outcome.evidence
        let path = URL(fileURLWithPath: int8.path).deletingLastPathComponent().appendingPathComponent(
            "\(variant.rawValue)-measured.safetensors"
        ).path
        try builder.write(to: path)
        let measured = try Artifact(path: path)
        XCTAssertEqual(measured.metadata.agreement, outcome.evidence)
        XCTAssertEqual(
            try measured.quantizedWeights(of: measured.layout.layers[0]).weight, try int8.quantizedWeights(of: int8.layout.layers[0]).weight
        )
        return (outcome.evidence, measured, outcome.seconds)
    }

    func testQuantizedLite0RecordsItsAgreementOnAtLeast500HeldOutInputs() throws {
        let (evidence, artifact, seconds) = try measure(.lite0)
        XCTAssertGreaterThanOrEqual(evidence.inputs, 500)
        XCTAssertEqual(evidence.inputs, inputs)
        XCTAssertEqual(evidence.referenceSHA256, artifact.metadata.quantization?.sourceSHA256)
        XCTAssertEqual(evidence.method, "clopper-pearson")
        XCTAssertEqual(evidence.confidence, 0.95)
        XCTAssertEqual(
            evidence.disagreementUpperBound, BinomialBound.clopperPearsonUpper(successes: evidence.disagreements, trials: evidence.inputs),
            accuracy: 1e-12)
        XCTAssertGreaterThan(evidence.disagreementUpperBound, Double(evidence.disagreements) / Double(evidence.inputs))
        XCTAssertEqual(evidence.set.recipe, EvaluationSet.recipe)
        XCTAssertEqual(evidence.set.sources.count, try EvaluationSet(directory: EvaluationSetTests.heldout).sources.count)
        XCTAssertTrue(Set(evidence.set.sources).isDisjoint(with: artifact.metadata.quantization?.calibration.files ?? []))
        // A sanity bound on the quantization itself (Int8Tests holds the per-photo checks).
        XCTAssertLessThan(Double(evidence.disagreements) / Double(evidence.inputs), 0.25, "\(evidence)")
        print(
            String(
                format:
                    "agreement lite0: %d of %d disagree (%.2f%%), 95%% upper bound %.2f%%, top-5 overlap %.3f, cosine %.4f, %.1f s on %@ "
                    + "(%@)",
                evidence.disagreements, evidence.inputs, 100 * (1 - evidence.top1Agreement), 100 * evidence.disagreementUpperBound,
                evidence.top5Overlap, evidence.meanCosine, seconds, evidence.backend, ProcessInfo.processInfo.environment["EFF_CPU"] ?? ""))
    }

    /// Lite1 and Lite2 too: set `EFF_AGREEMENT_ALL=1` (about twice and three times Lite0's time).
    func testQuantizedLite1AndLite2RecordTheirAgreement() throws {
        guard ProcessInfo.processInfo.environment["EFF_AGREEMENT_ALL"] == "1" else {
            throw XCTSkip("set EFF_AGREEMENT_ALL=1 to measure Lite1 and Lite2")
        }
        for variant in [Variant.lite1, .lite2] {
            let (evidence, _, seconds) = try measure(variant)
            XCTAssertGreaterThanOrEqual(evidence.inputs, 500)
            print(
                String(
                    format: "agreement %@: %d of %d disagree (%.2f%%), 95%% upper bound %.2f%%, %.1f s on %@",
                    variant.rawValue, evidence.disagreements, evidence.inputs, 100 * (1 - evidence.top1Agreement),
                    100 * evidence.disagreementUpperBound,
                    seconds, evidence.backend))
        }
    }

    /// An artifact quantized before agreement was recorded still loads (and has none); a forged
    /// or inconsistent agreement is refused at load.
    func testOldArtifactsLoadAndBadAgreementIsRefused() throws {
        let fp32 = try ImportedArtifacts.path(.lite0)
        let old = try Artifact(path: try ImportedArtifacts.quantized(fp32))
        XCTAssertNil(old.metadata.agreement)
        XCTAssertEqual(old.metadata.formatVersion, 1)

        let file = try SafeTensorsFile(path: old.path)
        let directory = try Fixtures.temporaryDirectory("agreement")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sourceSHA = try XCTUnwrap(old.metadata.quantization?.sourceSHA256)
        func withAgreement(_ json: String) throws -> String {
            var metadata = file.metadata
            metadata[ArtifactMetadata.Key.agreement] = json
            var writer = SafeTensorsWriter(metadata: metadata)
            for name in file.names {
                let info = try XCTUnwrap(file.tensors[name])
                try writer.add(name, dtype: info.dtype, shape: info.shape, bytes: try file.withBytes(of: name) { [UInt8]($0) })
            }
            let path = directory.appendingPathComponent("\(UUID().uuidString).safetensors").path
            try writer.write(to: path)
            return path
        }
        func evidence(reference: String = sourceSHA, inputs: Int = 600, disagreements: Int = 6, bound: Double? = nil) -> String {
            let upper = bound ?? BinomialBound.clopperPearsonUpper(successes: disagreements, trials: inputs)
            return
                #"{"reference_sha256":"\#(reference)","inputs":\#(inputs),"disagreements":\#(disagreements),"confidence":0.95,"#
                + #""method":"clopper-pearson","disagreement_upper_bound":\#(upper),"top5_overlap":0.9,"mean_cosine":0.99,"#
                + #""backend":"onednn","reference_backend":"onednn","#
                + #""set":{"recipe":"effset-1","sources":["cat.npy"],"sources_sha256":"x","inputs_sha256":"y"}}"#
        }
        XCTAssertEqual(try Artifact(path: try withAgreement(evidence())).metadata.agreement?.disagreements, 6)
        for (json, fragment) in [
            (evidence(bound: 0.001), "is not the clopper-pearson bound"),
            (evidence(reference: String(repeating: "0", count: 64)), "not the quantization's source"),
            (evidence(disagreements: 700, bound: 0.5), "must be between 0 and inputs"),
            ("{}", "'agreement' is malformed"),
        ] {
            XCTAssertThrowsError(try Artifact(path: try withAgreement(json))) { error in
                XCTAssertTrue("\(error)".contains(fragment), "'\(fragment)' not in \(error)")
            }
        }
    }
}
