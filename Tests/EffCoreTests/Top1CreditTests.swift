import EffCore
import XCTest

/// The one-sided Clopper–Pearson bound, against SciPy's `beta.ppf(0.95, k + 1, n − k)`, and the
/// top-1 the planner credits from it.
final class Top1CreditTests: XCTestCase {
    func testClopperPearsonUpperBoundMatchesTheBetaQuantile() {
        let expected: [(Int, Int, Double)] = [
            (0, 600, 0.004980443380361347), (1, 600, 0.007881816463574881), (7, 600, 0.02180134135304115),
            (30, 600, 0.06720973469662268), (5, 20, 0.4555824040017489), (599, 600, 0.9999145148300861),
        ]
        for (k, n, value) in expected {
            XCTAssertEqual(BinomialBound.clopperPearsonUpper(successes: k, trials: n), value, accuracy: 1e-9, "\(k)/\(n)")
        }
        XCTAssertEqual(BinomialBound.clopperPearsonUpper(successes: 3, trials: 3), 1)
    }

    func testCreditByPrecisionAndEvidence() throws {
        let published = VariantCatalog.Published(paramsM: 4.7, maddsM: 407, top1FP32: 75.1, top1INT8: 74.4, source: "tf-lite-readme")
        let fp32 = try XCTUnwrap(Top1Credit.credit(precision: .fp32, published: published, agreement: nil))
        XCTAssertEqual(fp32.top1, 75.1)
        XCTAssertEqual(fp32.source, .publishedFP32)

        let old = try XCTUnwrap(Top1Credit.credit(precision: .int8, published: published, agreement: nil))
        XCTAssertEqual(old.top1, 74.4)
        XCTAssertEqual(old.source, .publishedINT8)
        XCTAssertTrue(old.detail.contains("records no agreement"), old.detail)

        let agreement = Top1Credit.Agreement(inputs: 600, disagreements: 7)
        let measured = try XCTUnwrap(Top1Credit.credit(precision: .int8, published: published, agreement: agreement))
        XCTAssertEqual(measured.source, .fp32MinusDisagreement)
        XCTAssertEqual(measured.top1, 75.1 - 100 * 0.02180134135304115, accuracy: 1e-7)
        XCTAssertTrue(measured.detail.contains("7 of 600"), measured.detail)
        XCTAssertNil(Top1Credit.credit(precision: .int8, published: nil, agreement: agreement))
    }
}
