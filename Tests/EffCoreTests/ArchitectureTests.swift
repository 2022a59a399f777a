import EffCore
import Foundation
import XCTest

final class ArchitectureTests: XCTestCase {
    private func catalog() throws -> VariantCatalog {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try VariantCatalog(contentsOf: root.appendingPathComponent("Registry/variants.json"))
    }

    func testRoundFiltersFollowsTensorFlowRule() {
        XCTAssertEqual(CompoundScaling.roundFilters(32, width: 1.1), 32)
        XCTAssertEqual(CompoundScaling.roundFilters(16, width: 1.2), 24)  // 19.2 → 16 is < 90%, so 24
        XCTAssertEqual(CompoundScaling.roundFilters(320, width: 1.4), 448)
        XCTAssertEqual(CompoundScaling.roundFilters(40, width: 1.1), 48)
        XCTAssertEqual(CompoundScaling.roundRepeats(2, depth: 1.1), 3)
        XCTAssertEqual(CompoundScaling.roundRepeats(4, depth: 1.8), 8)
    }

    func testCatalogMatchesArchitectureBuiltFromCoefficients() throws {
        let catalog = try catalog()
        XCTAssertEqual(catalog.variants.map(\.name), Variant.allCases.map(\.rawValue))
        for variant in Variant.allCases {
            let entry = try XCTUnwrap(catalog.entry(for: variant))
            let architecture = Architecture(variant: variant)
            XCTAssertEqual(entry.width, variant.coefficients.width, "\(variant)")
            XCTAssertEqual(entry.depth, variant.coefficients.depth, "\(variant)")
            XCTAssertEqual(entry.resolution, architecture.resolution, "\(variant)")
            XCTAssertEqual(entry.blocks, architecture.blocks.count, "\(variant)")
            XCTAssertEqual(entry.params, architecture.trainableParameters, "\(variant) params")
            XCTAssertEqual(entry.macs, architecture.multiplyAccumulates, "\(variant) MACs")
            // The published figure is rounded to 0.1 M.
            XCTAssertEqual(Double(architecture.trainableParameters) / 1e6, entry.published.paramsM, accuracy: 0.05, "\(variant)")
            XCTAssertNoThrow(try architecture.validate())
        }
    }

    func testLiteRulesKeepStemHeadAndOuterStagesFixed() {
        let lite4 = Architecture(variant: .lite4)
        XCTAssertEqual(lite4.stemChannels, 32)
        XCTAssertEqual(lite4.headChannels, 1280)
        XCTAssertEqual(lite4.blocks.first?.inputChannels, 32)
        XCTAssertEqual(lite4.blocks.first?.outputChannels, 24)
        XCTAssertEqual(lite4.blocks.last?.outputChannels, 448)
        // First and last stage are one block each; the middle stages scale with ceil(1.8 r).
        XCTAssertEqual(lite4.blocks.count, 1 + 4 + 4 + 6 + 6 + 8 + 1)
        XCTAssertEqual(lite4.blocks.filter { $0.stride == 2 }.count, 4)
    }

    func testValidationRejectsBrokenChains() {
        var architecture = Architecture(variant: .lite0)
        architecture.blocks[3].inputChannels += 8
        XCTAssertThrowsError(try architecture.validate())
        architecture = Architecture(variant: .lite0)
        architecture.blocks[0].kernel = 4
        XCTAssertThrowsError(try architecture.validate())
        architecture = Architecture(variant: .lite0)
        architecture.resolution = 100_000
        XCTAssertThrowsError(try architecture.validate())
        architecture = Architecture(variant: .lite0)
        architecture.activation = "swish"
        XCTAssertThrowsError(try architecture.validate())
    }

    func testVariantAndOriginParsing() {
        XCTAssertEqual(Variant(name: "EfficientNet-Lite3"), .lite3)
        XCTAssertNil(Variant(name: "lite9"))
        XCTAssertEqual(WeightOrigin("synthetic:7"), .synthetic(seed: 7))
        XCTAssertEqual(WeightOrigin("pretrained:pypi:x==1")?.isPretrained, true)
        XCTAssertNil(WeightOrigin("synthetic:abc"))
        XCTAssertNil(WeightOrigin("pretrained:"))
    }
}
