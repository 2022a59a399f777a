import EffFleetTesting
import Foundation
import XCTest

/// `effctl`'s registry commands against a real `effregistry`: fleets, artifacts, queries, and the
/// one-line errors of bad input.
final class RegistryCommandsTests: XCTestCase {
    private var registry: RegistryProcess!
    private var directory: URL!

    override func setUpWithError() throws {
        registry = try RegistryProcess()
        directory = try Fixtures.temporaryDirectory("effctl-registry")
    }

    override func tearDownWithError() throws {
        registry?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs effctl with the registry in the environment (EFF_TOKEN cleared unless given).
    private func effctl(_ arguments: [String], token: String? = nil, timeout: TimeInterval = 60) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(
            Fixtures.executable("effctl"), arguments, timeout: timeout,
            environment: ["EFF_REGISTRY": registry.url, "EFF_TOKEN": token ?? ""]
        )
    }

    /// Runs effctl as the admin and requires success.
    private func admin(_ arguments: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let outcome = try effctl(arguments, token: try registry.adminToken())
        XCTAssertEqual(outcome.status, 0, "\(arguments): \(outcome.standardError)", file: file, line: line)
        return outcome.standardOutput
    }

    /// Requires exit ≠ 0 and exactly one line on stderr that mentions `text`.
    private func assertFails(_ outcome: ProcessRunner.Outcome, mentioning text: String, file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertNotEqual(outcome.status, 0, file: file, line: line)
        let lines = outcome.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line expected, got: \(outcome.standardError)", file: file, line: line)
        XCTAssertTrue(outcome.standardError.hasPrefix("Error: "), outcome.standardError, file: file, line: line)
        XCTAssertTrue(outcome.standardError.contains(text), "'\(text)' not in: \(outcome.standardError)", file: file, line: line)
    }

    func testFleetsArtifactsAndQueriesAgainstARealRegistry() throws {
        // A fleet; the token is the last line of stdout, and the private file holds the same.
        let created = try admin(
            "fleets", "create", "edge-cams", "--latency-budget-ms", "12.5", "--percentile", "p99", "--token-out", path("enroll.token"))
        let token = try XCTUnwrap(created.split(separator: "\n").last.map(String.init))
        XCTAssertGreaterThanOrEqual(token.count, 20, created)
        XCTAssertEqual(try String(contentsOfFile: path("enroll.token"), encoding: .utf8), token + "\n")
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path("enroll.token"))[.posixPermissions] as? Int)
        XCTAssertEqual(mode, 0o600)

        let fleets = try admin("fleets", "list")
        XCTAssertTrue(fleets.hasPrefix("fleet "), fleets)
        XCTAssertTrue(fleets.contains("edge-cams") && fleets.contains("12.50") && fleets.contains("p99"), fleets)
        let fleetsJSON = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try admin("fleets", "list", "--json").utf8)) as? [[String: Any]])
        XCTAssertEqual(fleetsJSON.first?["name"] as? String, "edge-cams")
        XCTAssertNil(fleetsJSON.first?["enrollment_token"])

        // An artifact, pushed with the token from the file the registry wrote.
        let artifact = path("lite0.safetensors")
        XCTAssertEqual(try effctl(["artifacts", "synth", "--variant", "lite0", "--seed", "1", "--out", artifact]).status, 0)
        let pushed = try effctl(["artifacts", "push", artifact, "--token-file", registry.adminTokenPath])
        XCTAssertEqual(pushed.status, 0, pushed.standardError)
        // A table with a header, sizes in human units; the progress went to stderr.
        let pushedLines = pushed.standardOutput.split(separator: "\n")
        XCTAssertEqual(pushedLines.count, 2, pushed.standardOutput)
        XCTAssertTrue(pushedLines.first?.hasPrefix("id ") ?? false, pushed.standardOutput)
        XCTAssertEqual(pushedLines.first?.firstRange(of: "variant")?.lowerBound.utf16Offset(in: pushedLines[0]), 66, "aligned after the id")
        let fields = pushedLines.last?.split(separator: " ", omittingEmptySubsequences: true) ?? []
        let id = try XCTUnwrap(fields.first.map(String.init))
        XCTAssertEqual(id.count, 64, pushed.standardOutput)
        XCTAssertTrue(fields.contains("lite0") && fields.contains("fp32") && fields.contains("synthetic"), pushed.standardOutput)
        XCTAssertTrue(pushed.standardOutput.contains(" MiB "), pushed.standardOutput)
        XCTAssertTrue(pushed.standardError.hasPrefix("pushed 1 of 1: \(artifact) ("), pushed.standardError)
        // Its id, or any unique start of it, as git takes commits.
        XCTAssertTrue(try admin("artifacts", "show", String(id.prefix(7))).contains("id          \(id)"))

        let listed = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try admin("artifacts", "list", "--json").utf8)) as? [[String: Any]])
        XCTAssertEqual(listed.count, 1)
        XCTAssertEqual(listed.first?["id"] as? String, id)
        XCTAssertEqual(listed.first?["synthetic"] as? Bool, true)
        XCTAssertTrue(try admin("artifacts", "show", id).contains("origin      synthetic:1"))

        let csv = try admin("query", "artifacts", "--csv", "--variant", "lite0").split(separator: "\n")
        XCTAssertEqual(csv.first, "id,variant,precision,size,top-1,top-1 source,origin")
        XCTAssertEqual(csv.count, 2)
        XCTAssertTrue(csv.last?.hasPrefix("\(id),lite0,fp32,") == true, "\(csv)")
        XCTAssertEqual(try admin("query", "artifacts", "--csv", "--precision", "int8").split(separator: "\n").count, 1)

        XCTAssertEqual(
            try admin("devices", "list", "--fleet", "edge-cams"),
            "id  name  fleet  hardware class  budget ms  memory MB  current  last seen\n")
        XCTAssertEqual(try admin("query", "benchmarks", "--since", "1h", "--json"), "[\n\n]\n")
        XCTAssertEqual(try admin("fleets", "remeasure", "edge-cams"), "fleet edge-cams: 0 measured pairs to benchmark again\n")
        assertFails(try effctl(["fleets", "remeasure", "nowhere"], token: try registry.adminToken()), mentioning: "no fleet 'nowhere'")

        // Bad input: one line each.
        assertFails(try effctl(["devices", "list", "--fleet", "nowhere"], token: try registry.adminToken()), mentioning: "nowhere")
        assertFails(
            try effctl(["devices", "list", "--fleet", "bad name"], token: try registry.adminToken()), mentioning: "no fleet 'bad name'")
        assertFails(
            try effctl(["fleets", "create", "bad name", "--latency-budget-ms", "5"], token: try registry.adminToken()),
            mentioning: "registry answered 400: field 'name'")
        assertFails(
            try effctl(["fleets", "create", "edge-cams", "--latency-budget-ms", "5"], token: try registry.adminToken()),
            mentioning: "registry answered 409")
        assertFails(try effctl(["fleets", "list"]), mentioning: "no registry token")
        assertFails(try effctl(["fleets", "list"], token: "wrong"), mentioning: "registry answered 401")
        // An enrollment token is neither an admin nor a device token.
        assertFails(try effctl(["fleets", "list", "--token", token]), mentioning: "registry answered 401")
        assertFails(
            try effctl(["artifacts", "show", String(repeating: "0", count: 64)], token: try registry.adminToken()),
            mentioning: "no artifact '\(String(repeating: "0", count: 64))': see effctl artifacts list")
        let missing = try effctl(["artifacts", "push", path("missing.safetensors")], token: try registry.adminToken())
        assertFails(missing, mentioning: "\(path("missing.safetensors")): no such file")
        XCTAssertEqual(
            missing.standardError.components(separatedBy: "missing.safetensors").count, 2, "the path once: \(missing.standardError)")
        // A file that is no artifact is refused in one line that shows nothing of the registry's disk.
        for (name, bytes) in [
            ("text.safetensors", Data("not an artifact\n".utf8)),
            ("header.safetensors", Data([8, 0, 0, 0, 0, 0, 0, 0]) + Data("{}      ".utf8)),
        ] {
            try bytes.write(to: URL(fileURLWithPath: path(name)))
            let refused = try effctl(["artifacts", "push", path(name)], token: try registry.adminToken())
            assertFails(refused, mentioning: "registry answered 4")
            for leak in [registry.data.path, "/blobs", "/tmp/", ".build"] {
                XCTAssertFalse(
                    refused.standardError.replacingOccurrences(of: path(name), with: "FILE").contains(leak), refused.standardError)
            }
        }
        assertFails(try effctl(["query", "benchmarks", "--since", "yesterday"], token: try registry.adminToken()), mentioning: "--since")
        assertFails(
            try effctl(["query", "artifacts", "--fleet", "x"], token: try registry.adminToken()), mentioning: "--fleet does not apply")
        assertFails(
            try effctl(["fleets", "list", "--registry", "http://127.0.0.1:1"], token: "t"), mentioning: "could not reach the registry")
        assertFails(
            try ProcessRunner.run(
                Fixtures.executable("effctl"), ["fleets", "list"], timeout: 60, environment: ["EFF_REGISTRY": "", "EFF_TOKEN": "t"]),
            mentioning: "no registry URL"
        )
    }

    func testABackupChecksItsOutputBeforeAskingTheRegistry() throws {
        let existing = path("taken.sqlite")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        // Nothing listens on port 9: an answer about --out shows the registry was never asked.
        let offline = ["EFF_REGISTRY": "http://127.0.0.1:9", "EFF_TOKEN": "x"]
        let refused = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["registry", "backup", "--out", existing], timeout: 60, environment: offline)
        assertFails(refused, mentioning: "exists: pass --force")
        XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "keep me")
        let nowhere = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["registry", "backup", "--out", path("missing/backup.sqlite")], timeout: 60,
            environment: offline)
        assertFails(nowhere, mentioning: "cannot write in")

        let replaced = try admin("registry", "backup", "--out", existing, "--force")
        XCTAssertTrue(replaced.contains("written to \(existing)"), replaced)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: existing)), Data("keep me".utf8))
    }

    func testBadNumbersAndNamesAreOneLineErrors() throws {
        let token = try registry.adminToken()
        assertFails(try effctl(["fleets", "create", "lab", "--latency-budget-ms", "-5"], token: token), mentioning: "--latency-budget-ms")
        assertFails(try effctl(["query", "artifacts", "--variant", "lite9"], token: token), mentioning: "--variant must be one of lite0")
        assertFails(try effctl(["artifacts", "list", "--precision", "fp16"], token: token), mentioning: "--precision must be one of fp32")
        assertFails(
            try effctl(["deploy", "--fleet", "lab", "--waves", "-1"], token: token), mentioning: "--waves must be between 1 and 100")
    }
}
