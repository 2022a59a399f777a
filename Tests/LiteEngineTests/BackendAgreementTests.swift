import EffCore
import EffFleetTesting
import LiteEngine
import XCTest

/// XNNPACK and the pure-Swift reference compute the same network on every variant.
///
/// Tolerance: the largest absolute logit difference is at most 1e-3 of the largest logit
/// magnitude (float32 sums in different orders differ by far less; a wrong padding, layout or
/// residual differs by orders of magnitude more).
final class BackendAgreementTests: XCTestCase {
    static let tolerance = 1e-3

    private func input(resolution: Int) -> ModelInput {
        var state: UInt64 = 42
        let values = (0..<(resolution * resolution * 3)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 2 - 1
        }
        return .tensor(values, resolution: resolution)
    }

    private func assertAgree(_ path: String, _ label: String) throws {
        let reference = try InferenceSession(artifactPath: path, backend: .reference)
        let input = input(resolution: reference.preprocessor.resolution)
        let expected = try reference.logits(for: input)
        let spread = expected.map { Double($0) }
        let mean = spread.reduce(0, +) / Double(spread.count)
        XCTAssertGreaterThan(spread.map { ($0 - mean) * ($0 - mean) }.reduce(0, +), 1e-6, "\(label): logits are degenerate")
        for threads in [1, 2] {
            let logits = try InferenceSession(artifactPath: path, backend: .xnnpack, threads: threads).logits(for: input)
            let difference = relativeDifference(logits, expected)
            XCTAssertLessThanOrEqual(difference, Self.tolerance, "\(label) threads=\(threads): relative difference \(difference)")
        }
    }

    func testBackendsAgreeOnEverySyntheticVariant() throws {
        for variant in Variant.allCases {
            try assertAgree(try ImportedArtifacts.synthetic(variant), "\(variant) synthetic")
        }
    }

    func testBackendsAgreeOnRealWeights() throws {
        for variant in [Variant.lite0, .lite2] {
            try assertAgree(try ImportedArtifacts.path(variant), "\(variant) pretrained")
        }
    }
}
