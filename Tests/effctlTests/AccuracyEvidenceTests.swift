import EffCore
import EffFleetTesting
import Foundation
import RegistryAPI
import XCTest

/// An INT8 artifact quantized here with `--evaluation` carries its measured top-1 agreement with
/// its FP32 source; a live registry credits it with published FP32 top-1 − the disagreement's
/// upper bound and says so. One without (an old artifact) falls back to the published INT8 figure
/// and says so.
final class AccuracyEvidenceTests: XCTestCase {
    private var registry: RegistryProcess!
    private var directory: URL!

    override func setUpWithError() throws {
        registry = try RegistryProcess()
        directory = try Fixtures.temporaryDirectory("effctl-accuracy")
    }

    override func tearDownWithError() throws {
        registry?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    private var catalog: String { Fixtures.repository.appendingPathComponent("Registry/variants.json").path }

    @discardableResult
    private func effctl(
        _ arguments: String..., timeout: TimeInterval = 900, file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let outcome = try ProcessRunner.run(
            Fixtures.executable("effctl"), arguments, timeout: timeout,
            environment: ["EFF_REGISTRY": registry.url, "EFF_TOKEN": try registry.adminToken()])
        XCTAssertEqual(outcome.status, 0, "\(arguments): \(outcome.standardError)", file: file, line: line)
        return outcome.standardOutput
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testTheRegistryCreditsMeasuredInt8WithFP32MinusTheDisagreementBound() throws {
        let fp32 = path("lite0-fp32.safetensors")
        let int8 = path("lite0-int8.safetensors")
        let old = path("lite0-int8-old.safetensors")
        let calibration = Fixtures.cache.appendingPathComponent("photos/calibration").path
        let heldout = Fixtures.cache.appendingPathComponent("photos/heldout").path
        try effctl("artifacts", "import-torch", "--variant", "lite0", "--weights", try Fixtures.torchWeights("lite0").path, "--out", fp32)
        let started = Date()
        let quantized = try effctl(
            "artifacts", "quantize", "--in", fp32, "--calibration", calibration, "--evaluation", heldout, "--evaluation-inputs", "600",
            "--evaluation-report", path("report.json"), "--out", int8)
        print(
            "effctl artifacts quantize --evaluation (lite0, 600 inputs): \(String(format: "%.1f", Date().timeIntervalSince(started))) s: "
                + "\(quantized)"
        )
        XCTAssertTrue(quantized.contains("of 600 held-out inputs"), quantized)
        try effctl("artifacts", "quantize", "--in", fp32, "--calibration", calibration, "--out", old)
        let report = try json(try String(contentsOfFile: path("report.json"), encoding: .utf8))
        XCTAssertEqual((report["photos"] as? [Any])?.count, 600)

        // inspect: the evidence in the file and the credit it earns.
        let inspected = try json(try effctl("artifacts", "inspect", int8, "--json", "--catalog", catalog))
        let agreement = try XCTUnwrap(inspected["agreement"] as? [String: Any])
        let inputs = try XCTUnwrap(agreement["inputs"] as? Int)
        let disagreements = try XCTUnwrap(agreement["disagreements"] as? Int)
        let bound = try XCTUnwrap(agreement["disagreement_upper_bound"] as? Double)
        XCTAssertGreaterThanOrEqual(inputs, 500)
        XCTAssertEqual(agreement["method"] as? String, "clopper-pearson")
        XCTAssertEqual(agreement["confidence"] as? Double, 0.95)
        XCTAssertGreaterThan(bound, Double(disagreements) / Double(inputs))
        let inspectedCredit = try XCTUnwrap(inspected["top1"] as? [String: Any])
        XCTAssertEqual(inspectedCredit["source"] as? String, "fp32-minus-disagreement")
        XCTAssertEqual(try XCTUnwrap(inspectedCredit["top1"] as? Double), 75.1 - 100 * bound, accuracy: 1e-9)
        let text = try effctl("artifacts", "inspect", int8, "--catalog", catalog)
        XCTAssertTrue(text.contains("credited (fp32-minus-disagreement)") && text.contains("of \(inputs) held-out inputs"), text)
        let oldInspected = try json(try effctl("artifacts", "inspect", old, "--json", "--catalog", catalog))
        XCTAssertNil(oldInspected["agreement"])
        XCTAssertEqual((oldInspected["top1"] as? [String: Any])?["source"] as? String, "published-int8")
        XCTAssertTrue(try effctl("artifacts", "inspect", old, "--catalog", catalog).contains("agreement   none recorded"))

        // The registry: pushed artifacts show the credited figure and where it comes from.
        try effctl("artifacts", "push", fp32, int8, old)
        let artifacts = try SnakeCaseJSON.decoder().decode([ArtifactView].self, from: Data(try effctl("artifacts", "list", "--json").utf8))
        XCTAssertEqual(artifacts.count, 3)
        let byBytes = Dictionary(uniqueKeysWithValues: artifacts.map { ($0.sizeBytes, $0) })
        XCTAssertEqual(byBytes.count, 3, "the three files differ in size (metadata)")
        let fp32View = try XCTUnwrap(artifacts.first { $0.precision == "fp32" })
        XCTAssertEqual(fp32View.top1, 75.1)
        XCTAssertEqual(fp32View.top1Source, "published-fp32")
        XCTAssertNil(fp32View.agreement)

        let measured = try XCTUnwrap(artifacts.first { $0.precision == "int8" && $0.agreement != nil })
        let shown = try SnakeCaseJSON.decoder().decode(
            ArtifactView.self, from: Data(try effctl("artifacts", "show", measured.id, "--json").utf8))
        XCTAssertEqual(shown.top1Source, "fp32-minus-disagreement")
        XCTAssertEqual(shown.agreement?.inputs, inputs)
        XCTAssertEqual(shown.agreement?.disagreements, disagreements)
        XCTAssertEqual(try XCTUnwrap(shown.agreement?.disagreementUpperBound), bound, accuracy: 1e-9)
        XCTAssertEqual(
            try XCTUnwrap(shown.top1), 75.1 - 100 * bound, accuracy: 1e-9,
            "published FP32 top-1 − the upper bound, not the published INT8 74.4")
        XCTAssertEqual(shown.publishedTop1, 74.4)
        XCTAssertTrue(shown.top1Detail?.contains("\(disagreements) of \(inputs) held-out inputs") == true, shown.top1Detail ?? "")
        let showText = try effctl("artifacts", "show", measured.id)
        XCTAssertTrue(showText.contains("credited (fp32-minus-disagreement)"), showText)

        let unmeasured = try XCTUnwrap(artifacts.first { $0.precision == "int8" && $0.agreement == nil })
        XCTAssertEqual(unmeasured.top1, 74.4)
        XCTAssertEqual(unmeasured.top1Source, "published-int8")
        XCTAssertTrue(unmeasured.top1Detail?.contains("records no agreement") == true, unmeasured.top1Detail ?? "")
        XCTAssertTrue(try effctl("artifacts", "show", unmeasured.id).contains("agreement   none recorded"))
        let csv = try effctl("query", "artifacts", "--csv", "--precision", "int8")
        XCTAssertTrue(csv.contains(",fp32-minus-disagreement,") && csv.contains(",published-int8,"), csv)
        print("lite0 int8: \(disagreements) of \(inputs) disagree, upper bound \(bound), credited \(shown.top1 ?? 0)")

        // Fewer than 500 inputs, or a calibration photo among the evaluation sources, is refused.
        let few = try ProcessRunner.run(
            Fixtures.executable("effctl"),
            [
                "artifacts", "quantize", "--in", fp32, "--calibration", calibration, "--evaluation", heldout, "--evaluation-inputs", "100",
                "--out", path("x"),
            ])
        XCTAssertNotEqual(few.status, 0)
        XCTAssertTrue(few.standardError.contains("--evaluation-inputs"), few.standardError)
        let overlap = try ProcessRunner.run(
            Fixtures.executable("effctl"),
            ["artifacts", "quantize", "--in", fp32, "--calibration", calibration, "--evaluation", calibration, "--out", path("x")])
        XCTAssertNotEqual(overlap.status, 0)
        XCTAssertTrue(overlap.standardError.contains("disjoint"), overlap.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x")))
    }
}
