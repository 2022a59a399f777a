import EffFleetTesting
import Foundation
import XCTest

/// `scripts/fleet-sim` with six hosts: a registry and six agents in network namespaces of their
/// own, real Lite0 FP32/INT8 benchmarks, `effctl deploy --wait`, then two hosts cut off at the
/// switch while a second deployment goes out, and brought back. Needs root and `ip netns`.
final class FleetSimulationTests: XCTestCase {
    func testSixHostsEnrollDeployAndRecoverFromACutOff() throws {
        try Self.requireNamespaces()
        _ = try Fixtures.torchWeights("lite0")  // the script builds its artifacts from these
        _ = try Fixtures.photo("astronaut", set: "calibration")
        let root = try Fixtures.temporaryDirectory("fleet-sim")
        defer { try? FileManager.default.removeItem(at: root) }
        // A prefix of our own, so that a run killed before its own clean-up is cleaned up here.
        let prefix = "efst" + String(UInt16.random(in: 0...UInt16.max), radix: 16)
        defer { Self.removeNamespaces(prefix: prefix) }
        let summaryURL = root.appendingPathComponent("summary.json")

        let outcome = try ProcessRunner.run(
            Fixtures.repository.appendingPathComponent("scripts/fleet-sim"),
            [
                "--hosts", "6", "--cut", "2", "--idle-seconds", "5", "--cut-seconds", "30", "--poll-seconds", "1",
                "--bin", Fixtures.executable("effagent").deletingLastPathComponent().path,
                "--prefix", prefix, "--summary-json", summaryURL.path,
            ],
            timeout: 420, environment: ["EFF_CACHE": Fixtures.cache.path])
        print(outcome.standardOutput)
        XCTAssertEqual(outcome.status, 0, outcome.standardOutput + outcome.standardError)

        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: summaryURL))
        let lastLine = outcome.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(lastLine.hasPrefix("FLEET-SIM-RESULT {"), "the last line is the machine-readable result: \(lastLine)")
        XCTAssertTrue(summary.ok)
        XCTAssertEqual(summary.hosts, 6)
        XCTAssertEqual(summary.deployment.active, 6, "every host active after effctl deploy --wait")
        XCTAssertEqual(summary.deployment.assigned.values.reduce(0, +), 6)
        XCTAssertEqual(summary.cutoff.hosts.count, 2)
        XCTAssertTrue(summary.cutoff.stale, "the registry's last_seen of the cut-off hosts stopped moving")
        XCTAssertTrue(summary.cutoff.othersHeartbeating, "the connected hosts kept heartbeating")
        XCTAssertTrue(summary.cutoff.recovered, "the cut-off hosts heartbeat again and run the deployment they missed")
        XCTAssertEqual(summary.cutoff.redeployActive, 6, "the deployment made during the cut-off reached every host")
        XCTAssertTrue(summary.cutoff.redeployWaitOK)
        XCTAssertGreaterThan(summary.footprint.idleRSSMB.max, 0)

        let left = try ProcessRunner.run(command: "ip", ["netns", "list"])
        XCTAssertFalse(left.standardOutput.contains(prefix), "the script removed its namespaces: \(left.standardOutput)")
    }

    /// The part of the script's `FLEET-SIM-RESULT` the test checks.
    struct Summary: Decodable {
        struct Deployment: Decodable {
            var active: Int
            var assigned: [String: Int]
        }

        struct Cutoff: Decodable {
            var hosts: [String]
            var stale: Bool
            var othersHeartbeating: Bool
            var recovered: Bool
            var redeployActive: Int
            var redeployWaitOK: Bool

            enum CodingKeys: String, CodingKey {
                case hosts, stale, recovered
                case othersHeartbeating = "others_heartbeating"
                case redeployActive = "redeploy_active"
                case redeployWaitOK = "redeploy_wait_ok"
            }
        }

        struct Footprint: Decodable {
            struct Spread: Decodable { var min, median, max: Double }
            var idleRSSMB: Spread

            enum CodingKeys: String, CodingKey {
                case idleRSSMB = "idle_rss_mb"
            }
        }

        var ok: Bool
        var hosts: Int
        var deployment: Deployment
        var cutoff: Cutoff
        var footprint: Footprint
    }

    /// Skips unless this process may create network namespaces (root, `ip`, a probe that works) and
    /// the script's other tool, `jq`, is installed.
    private static func requireNamespaces() throws {
        guard getuid() == 0 else { throw XCTSkip("fleet-sim needs root to create network namespaces (ip netns)") }
        let probe = "efsprobe\(getpid())"
        let added: ProcessRunner.Outcome
        do {
            added = try ProcessRunner.run(command: "ip", ["netns", "add", probe], timeout: 20)
        } catch {
            throw XCTSkip("cannot run ip netns: \(error)")
        }
        guard added.status == 0 else {
            throw XCTSkip("this machine does not allow network namespaces: ip netns add: \(added.standardError)")
        }
        _ = try? ProcessRunner.run(command: "ip", ["netns", "del", probe], timeout: 20)
        let jq = try? ProcessRunner.run(command: "jq", ["--version"], timeout: 20)
        guard jq?.status == 0 else { throw XCTSkip("fleet-sim needs jq (apt-get install jq)") }
    }

    /// Removes what a killed run may have left: processes in the namespaces, then the namespaces.
    private static func removeNamespaces(prefix: String) {
        guard let list = try? ProcessRunner.run(command: "ip", ["netns", "list"], timeout: 20) else { return }
        let names = list.standardOutput.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        for name in names where name.hasPrefix(prefix + "-") {
            let pids = (try? ProcessRunner.run(command: "ip", ["netns", "pids", name], timeout: 20))?.standardOutput ?? ""
            for pid in pids.split(whereSeparator: \.isNewline).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            _ = try? ProcessRunner.run(command: "ip", ["netns", "del", name], timeout: 20)
        }
    }
}
