import EffCtlCore
import EffFleetTesting
import Foundation
import TensorIO
import XCTest

/// `effctl` as a user runs it: real processes, real files, exit codes and one-line errors.
final class EffCtlTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("effctl")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    private func effctl(_ arguments: String...) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(Fixtures.executable("effctl"), arguments, timeout: 300)
    }

    /// Runs a command that must fail with exit ≠ 0 and exactly one line on stderr.
    private func assertFails(_ arguments: String..., mentioning: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try ProcessRunner.run(Fixtures.executable("effctl"), arguments, timeout: 60)
        XCTAssertNotEqual(outcome.status, 0, "\(arguments) should fail", file: file, line: line)
        let lines = outcome.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one readable line expected, got: \(outcome.standardError)", file: file, line: line)
        XCTAssertTrue(
            outcome.standardError.contains(mentioning), "'\(mentioning)' not in: \(outcome.standardError)", file: file, line: line)
        XCTAssertFalse(outcome.standardError.contains("Fatal error"), file: file, line: line)
    }

    func testImportClassifyInspectAndBenchEndToEnd() throws {
        let weights = try Fixtures.torchWeights("lite0").path
        let artifact = path("lite0.safetensors")
        let imported = try effctl("artifacts", "import-torch", "--variant", "lite0", "--weights", weights, "--out", artifact)
        XCTAssertEqual(imported.status, 0, imported.standardError)

        let inspect = try effctl("artifacts", "inspect", artifact, "--json")
        XCTAssertEqual(inspect.status, 0, inspect.standardError)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(inspect.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(summary["variant"] as? String, "lite0")
        XCTAssertEqual(summary["precision"] as? String, "fp32")
        XCTAssertEqual(summary["resolution"] as? Int, 224)
        XCTAssertEqual(summary["params"] as? Int, 4_631_000)
        XCTAssertEqual(summary["macs"] as? Int, 385_187_552)
        XCTAssertEqual((summary["sha256"] as? String)?.count, 64)
        XCTAssertEqual(summary["origin"] as? String, "pretrained:file:\(URL(fileURLWithPath: weights).lastPathComponent)")

        let logits = path("logits.npy")
        let classify = try effctl(
            "engine", "classify", "--artifact", artifact, "--input", try Fixtures.photo("cat").path, "--top", "3", "--json", "--logits",
            logits)
        XCTAssertEqual(classify.status, 0, classify.standardError)
        let output = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(classify.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(output["variant"] as? String, "lite0")
        let top = try XCTUnwrap(output["top"] as? [[String: Any]])
        XCTAssertEqual(top.count, 3)
        XCTAssertTrue((281...285).contains(top[0]["class"] as? Int ?? -1), "\(top)")
        let written = try NPYArray(contentsOf: logits)
        XCTAssertEqual(written.shape, [1000])
        XCTAssertEqual(written.floats.indices.max { written.floats[$0] < written.floats[$1] }, top[0]["class"] as? Int)

        let bench = try effctl("engine", "bench", "--artifact", artifact, "--threads", "1", "--warmup", "1", "--runs", "5", "--json")
        XCTAssertEqual(bench.status, 0, bench.standardError)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bench.standardOutput.utf8)) as? [String: Any])
        for key in [
            "mean_ms", "std_ms", "min_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "runs", "warmup", "threads", "init_ms", "first_ms",
            "peak_rss_mb",
        ] {
            XCTAssertNotNil(result[key], key)
        }
        XCTAssertEqual(result["runs"] as? Int, 15, "3 trials of 5 runs")
        XCTAssertEqual((result["trials"] as? [Any])?.count, 3)
        let intervals = try XCTUnwrap(result["intervals"] as? [String: [String: Double]])
        let p90 = try XCTUnwrap(result["p90_ms"] as? Double)
        XCTAssertLessThanOrEqual(try XCTUnwrap(intervals["p90"]?["lower"]), p90)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(intervals["p90"]?["upper"]), p90)
    }

    func testQuantizeEvaluateAndProfileInt8() throws {
        let weights = try Fixtures.torchWeights("lite0").path
        let fp32 = path("lite0.safetensors")
        let int8 = path("lite0-int8.safetensors")
        XCTAssertEqual(try effctl("artifacts", "import-torch", "--variant", "lite0", "--weights", weights, "--out", fp32).status, 0)
        let calibration = Fixtures.cache.appendingPathComponent("photos/calibration").path
        let evaluation = Fixtures.cache.appendingPathComponent("photos/evaluation").path
        let quantize = try effctl("artifacts", "quantize", "--in", fp32, "--calibration", calibration, "--images", "3", "--out", int8)
        XCTAssertEqual(quantize.status, 0, quantize.standardError)
        let inspect = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try effctl("artifacts", "inspect", int8, "--json").standardOutput.utf8))
                as? [String: Any])
        XCTAssertEqual(inspect["precision"] as? String, "int8")
        let evaluate = try effctl("artifacts", "evaluate", "--artifact", int8, "--reference", fp32, "--images", evaluation, "--json")
        XCTAssertEqual(evaluate.status, 0, evaluate.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(evaluate.standardOutput.utf8)) as? [String: Any])
        for key in ["top1_agreement", "decisive_top1_agreement", "top5_overlap", "mean_cosine", "photos"] {
            XCTAssertNotNil(report[key], key)
        }
        XCTAssertGreaterThan(report["mean_cosine"] as? Double ?? 0, 0.9)
        let classify = try effctl("engine", "classify", "--artifact", int8, "--input", try Fixtures.photo("cat").path, "--json")
        XCTAssertEqual(classify.status, 0, classify.standardError)
        XCTAssertTrue(classify.standardOutput.contains("\"precision\" : \"int8\""), classify.standardOutput)
        let bench = try effctl("engine", "bench", "--artifact", int8, "--runs", "3", "--warmup", "1", "--json")
        XCTAssertEqual(bench.status, 0, bench.standardError)
        let profile = try effctl("engine", "profile", "--artifact", int8, "--runs", "2", "--backend", "xnnpack", "--json")
        XCTAssertEqual(profile.status, 0, profile.standardError)
        let layers = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(profile.standardOutput.utf8)) as? [[String: Any]])
        XCTAssertTrue(layers.contains { $0["qu8_ms"] != nil })
        let fused = try effctl("engine", "profile", "--artifact", int8, "--runs", "2", "--backend", "onednn", "--json")
        XCTAssertEqual(fused.status, 0, fused.standardError)
        let fusedLayers = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(fused.standardOutput.utf8)) as? [[String: Any]])
        XCTAssertEqual(fusedLayers.count, layers.filter { $0["kind"] as? String != "add" }.count)
        XCTAssertTrue(fusedLayers.contains { ($0["name"] as? String)?.hasSuffix("+add") == true })

        try assertFails("artifacts", "quantize", "--in", int8, "--calibration", calibration, "--out", path("x"), mentioning: "fp32")
        try assertFails("artifacts", "quantize", "--in", fp32, "--calibration", path("nowhere"), "--out", path("x"), mentioning: "nowhere")
        try assertFails("artifacts", "quantize", "--in", fp32, "--calibration", directory.path, "--out", path("x"), mentioning: "no .npy")
        try assertFails(
            "artifacts", "quantize", "--in", fp32, "--calibration", calibration, "--images", "0", "--out", path("x"), mentioning: "--images"
        )
        try assertFails(
            "artifacts", "evaluate", "--artifact", int8, "--reference", path("missing"), "--images", evaluation, mentioning: "missing")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x")))
    }

    func testSynthIsMarkedSynthetic() throws {
        let artifact = path("lite3.safetensors")
        XCTAssertEqual(try effctl("artifacts", "synth", "--variant", "lite3", "--seed", "7", "--out", artifact).status, 0)
        let inspect = try effctl("artifacts", "inspect", artifact, "--json")
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(inspect.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(summary["origin"] as? String, "synthetic:7")
        XCTAssertEqual(summary["resolution"] as? Int, 280)
    }

    /// `classify` names the classes from Registry/imagenet-classes.tsv and warns that synthetic weights classify nothing;
    /// `bench` gives its figures with units and a summary line like benchmark_model's; `inspect` uses human units.
    func testEngineToolsSpeakInNamesAndUnits() throws {
        let artifact = path("lite0.safetensors")
        XCTAssertEqual(try effctl("artifacts", "synth", "--variant", "lite0", "--seed", "3", "--out", artifact).status, 0)
        let input = path("gray.npy")
        try NPYArray(shape: [224, 224, 3], floats: Array(repeating: 0, count: 224 * 224 * 3)).write(to: input)
        let labels = Fixtures.repository.appendingPathComponent("Registry/imagenet-classes.tsv").path
        let classify = try effctl("engine", "classify", "--artifact", artifact, "--input", input, "--top", "3", "--labels", labels)
        XCTAssertEqual(classify.status, 0, classify.standardError)
        let lines = classify.standardOutput.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, classify.standardOutput)
        XCTAssertTrue(lines[0].hasPrefix("class") && lines[0].hasSuffix("label"), classify.standardOutput)
        let names = try ClassLabels(contentsOfFile: labels)
        for line in lines.dropFirst() {
            let index = try XCTUnwrap(Int(line.split(separator: " ").first ?? ""), line)
            XCTAssertTrue(line.hasSuffix(try XCTUnwrap(names[index])), line)
        }
        XCTAssertTrue(classify.standardError.hasPrefix("warning: \(artifact) has synthetic weights (synthetic:3)"), classify.standardError)
        let json = try effctl("engine", "classify", "--artifact", artifact, "--input", input, "--top", "1", "--labels", labels, "--json")
        let top = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])?["top"] as? [[String: Any]])
        XCTAssertEqual(top.first?["label"] as? String, names[top.first?["class"] as? Int ?? -1])
        try assertFails(
            "engine", "classify", "--artifact", artifact, "--input", input, "--labels", path("none.tsv"), mentioning: "class labels")

        let bench = try effctl("engine", "bench", "--artifact", artifact, "--warmup", "2", "--runs", "3", "--trials", "1")
        XCTAssertEqual(bench.status, 0, bench.standardError)
        let summary = try XCTUnwrap(bench.standardOutput.split(separator: "\n").last.map(String.init))
        XCTAssertNotNil(
            summary.wholeMatch(of: #/count=3 avg=[0-9.]+ ms std=[0-9.]+ ms init=[0-9.]+ ms first=[0-9.]+ ms warm-up=2 runs/#), summary)
        XCTAssertTrue(bench.standardOutput.contains("p50 ") && bench.standardOutput.contains(" ms"), bench.standardOutput)

        let inspect = try effctl("artifacts", "inspect", artifact)
        XCTAssertTrue(inspect.standardOutput.contains("params      4.63 M (4,631,000, BN folded)"), inspect.standardOutput)
        XCTAssertTrue(inspect.standardOutput.contains("MACs        385 M (385,187,552 per inference)"), inspect.standardOutput)
        XCTAssertTrue(inspect.standardOutput.contains(" MiB ("), inspect.standardOutput)
    }

    /// `--backend`: each name runs and the output names it; a bogus name fails with one line; where
    /// oneDNN is unusable (`ONEDNN_MAX_CPU_ISA=AVX` hides AVX2 from it) `onednn` fails with one line
    /// and `auto` falls back to XNNPACK, saying so in one line.
    func testBackendOptionRunsChoosesAndFallsBack() throws {
        let artifact = path("a.safetensors")
        XCTAssertEqual(try effctl("artifacts", "synth", "--variant", "lite0", "--out", artifact).status, 0)
        let cat = try Fixtures.photo("cat").path
        func classify(_ backend: String, environment: [String: String] = [:]) throws -> (ProcessRunner.Outcome, String?) {
            let outcome = try ProcessRunner.run(
                Fixtures.executable("effctl"),
                ["engine", "classify", "--artifact", artifact, "--input", cat, "--backend", backend, "--json"],
                timeout: 120, environment: environment)
            let json = try? JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
            return (outcome, json?["backend"] as? String)
        }
        for backend in ["onednn", "xnnpack", "reference"] {
            let (outcome, used) = try classify(backend)
            XCTAssertEqual(outcome.status, 0, outcome.standardError)
            XCTAssertEqual(used, backend)
        }
        let (automatic, used) = try classify("auto")
        XCTAssertEqual(automatic.status, 0, automatic.standardError)
        XCTAssertEqual(used, "onednn", "auto on this x86 machine")
        XCTAssertFalse(automatic.standardError.contains("backend auto"), automatic.standardError)
        try assertFails("engine", "classify", "--artifact", artifact, "--input", cat, "--backend", "bogus", mentioning: "bogus")
        try assertFails("engine", "bench", "--artifact", artifact, "--backend", "bogus", mentioning: "bogus")

        let withoutAVX2 = ["ONEDNN_MAX_CPU_ISA": "AVX"]
        let (refused, _) = try classify("onednn", environment: withoutAVX2)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertEqual(refused.standardError.split(separator: "\n").count, 1, refused.standardError)
        XCTAssertTrue(refused.standardError.contains("onednn is not available"), refused.standardError)
        let (fallback, fallbackUsed) = try classify("auto", environment: withoutAVX2)
        XCTAssertEqual(fallback.status, 0, fallback.standardError)
        XCTAssertEqual(fallbackUsed, "xnnpack")
        // One line for the fallback (the other is the warning about the synthetic weights).
        XCTAssertEqual(
            fallback.standardError.split(separator: "\n").filter { $0.contains("using xnnpack") }.count, 1, fallback.standardError)
        XCTAssertEqual(fallback.standardError.split(separator: "\n").count, 2, fallback.standardError)
    }

    func testBadInputGetsOneClearLine() throws {
        let weights = try Fixtures.torchWeights("lite0").path
        let artifact = path("a.safetensors")
        XCTAssertEqual(try effctl("artifacts", "synth", "--variant", "lite0", "--out", artifact).status, 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: weights))
        try bytes.prefix(200_000).write(to: URL(fileURLWithPath: path("truncated.pth")))
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }).write(to: URL(fileURLWithPath: path("random.pth")))
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path("hello.safetensors")))
        let artifactBytes = try Data(contentsOf: URL(fileURLWithPath: artifact))
        try artifactBytes.prefix(artifactBytes.count / 2).write(to: URL(fileURLWithPath: path("half.safetensors")))
        try NPYArray(elementType: .uint8, shape: [10, 10], bytes: Array(repeating: 0, count: 100)).write(to: path("flat.npy"))
        try NPYArray(shape: [1, 100, 100, 3], floats: Array(repeating: 0, count: 30_000)).write(to: path("small.npy"))
        try Data([0x93, 0x4E, 0x55]).write(to: URL(fileURLWithPath: path("broken.npy")))
        let cat = try Fixtures.photo("cat").path

        try assertFails(
            "artifacts", "import-torch", "--variant", "lite0", "--weights", path("missing.pth"), "--out", path("o"),
            mentioning: "missing.pth")
        try assertFails(
            "artifacts", "import-torch", "--variant", "lite0", "--weights", path("truncated.pth"), "--out", path("o"), mentioning: "Error")
        try assertFails(
            "artifacts", "import-torch", "--variant", "lite0", "--weights", path("random.pth"), "--out", path("o"), mentioning: "Error")
        try assertFails("artifacts", "import-torch", "--variant", "lite1", "--weights", weights, "--out", path("o"), mentioning: "lite1")
        try assertFails("artifacts", "import-torch", "--variant", "lite9", "--weights", weights, "--out", path("o"), mentioning: "lite9")
        try assertFails("artifacts", "inspect", path("hello.safetensors"), mentioning: "safetensors")
        try assertFails("artifacts", "inspect", path("half.safetensors"), mentioning: "safetensors")
        try assertFails("engine", "classify", "--artifact", artifact, "--input", path("flat.npy"), mentioning: "(H, W, 3)")
        try assertFails("engine", "classify", "--artifact", artifact, "--input", path("small.npy"), mentioning: "224")
        try assertFails("engine", "classify", "--artifact", artifact, "--input", path("broken.npy"), mentioning: "npy")
        try assertFails("engine", "classify", "--artifact", path("nope.safetensors"), "--input", cat, mentioning: "nope.safetensors")
        try assertFails("engine", "classify", "--artifact", artifact, "--input", cat, "--top", "0", mentioning: "--top")
        try assertFails("engine", "bench", "--artifact", artifact, "--threads", "0", mentioning: "threads")
        try assertFails("engine", "bench", "--artifact", artifact, "--backend", "gpu", mentioning: "gpu")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("o")), "failed imports leave no output")
    }
}
