import EffCore
import EffFleetTesting
import Foundation
import LiteEngine
import TensorIO
import TorchImport
import XCTest

/// The engine on the real pretrained weights: photos classify as their subject, and logits agree
/// with an independent NumPy implementation (`scripts/reference/lite_reference.py`).
final class RealWeightsTests: XCTestCase {
    private let pretrained: [Variant] = [.lite0, .lite1, .lite2]

    func testPhotosClassifyAsTheirSubject() throws {
        let cats = Set(281...285)
        let coffee: Set<Int> = [967, 968, 504]
        for variant in pretrained {
            let session = try InferenceSession(artifactPath: try ImportedArtifacts.path(variant))
            let cat = try session.classify(try ModelInput(contentsOf: try Fixtures.photo("cat").path), top: 5)
            let cup = try session.classify(try ModelInput(contentsOf: try Fixtures.photo("coffee").path), top: 5)
            let catTop = try XCTUnwrap(cat.first)
            let cupTop = try XCTUnwrap(cup.first)
            XCTAssertTrue(cats.contains(catTop.classIndex), "\(variant) cat → \(cat)")
            XCTAssertTrue(coffee.contains(cupTop.classIndex), "\(variant) coffee → \(cup)")
            XCTAssertGreaterThan(catTop.probability, 0.2, "\(variant) should be confident about the cat")
            XCTAssertEqual(cat.map(\.probability), cat.map(\.probability).sorted(by: >))
        }
    }

    func testLogitsMatchIndependentNumPyReference() throws {
        let directory = try Fixtures.temporaryDirectory("numpy-reference")
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = Fixtures.repository.appendingPathComponent("scripts/reference/lite_reference.py").path
        for variant in pretrained {
            for photo in ["cat", "coffee"] {
                let artifact = try ImportedArtifacts.path(variant)
                let input = try Fixtures.photo(photo).path
                let output = directory.appendingPathComponent("\(variant)-\(photo).npy").path
                let run = try ProcessRunner.run(
                    command: "python3", [script, "--artifact", artifact, "--input", input, "--logits-out", output], timeout: 180)
                XCTAssertEqual(run.status, 0, run.standardError)
                let expected = try NPYArray(contentsOf: output).floats
                let logits = try InferenceSession(artifactPath: artifact).logits(for: try ModelInput(contentsOf: input))
                XCTAssertEqual(logits.count, 1000)
                let difference = relativeDifference(logits, expected)
                XCTAssertLessThanOrEqual(difference, 1e-3, "\(variant) \(photo): XNNPACK vs NumPy relative difference \(difference)")
            }
        }
    }

    func testImportRefusesWeightsOfAnotherVariant() throws {
        let checkpoint = try TorchCheckpoint(contentsOf: try Fixtures.torchWeights("lite1"))
        XCTAssertThrowsError(try TorchStateDictImporter(variant: .lite0).makeBuilder(checkpoint: checkpoint, source: "x", sha256: nil)) {
            error in
            XCTAssertTrue(String(describing: error).contains("lite0"), "\(error)")
        }
        XCTAssertThrowsError(try TorchStateDictImporter(variant: .lite2).makeBuilder(checkpoint: checkpoint, source: "x", sha256: nil))
    }
}
