import AgentCore
import EffFleetTesting
import FleetModel
import Foundation
import XCTest

final class AgentDataDirectoryTests: XCTestCase {
    func testCredentialsAreStoredPrivatelyAndSurviveRestart() throws {
        let root = try Fixtures.temporaryDirectory("agent")
        defer { try? FileManager.default.removeItem(at: root) }
        var directory = try AgentDataDirectory(root: root)
        XCTAssertNil(directory.credentials())
        try directory.saveCredentials(.init(deviceId: "d1", deviceToken: "secret", registry: "http://127.0.0.1:1"))
        directory = try AgentDataDirectory(root: root)
        XCTAssertEqual(directory.credentials()?.deviceToken, "secret")
        let mode =
            try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("device.json").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testActivationSwapsAtomicallyAndKeepsThePrevious() throws {
        let root = try Fixtures.temporaryDirectory("agent")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try AgentDataDirectory(root: root)
        let first = String(repeating: "a", count: 64)
        let second = String(repeating: "b", count: 64)
        XCTAssertThrowsError(try directory.activate(first), "not downloaded yet")
        for (sha, content) in [(first, "one"), (second, "two")] {
            try Data(content.utf8).write(to: URL(fileURLWithPath: directory.artifactPath(sha)))
        }
        try directory.activate(first)
        XCTAssertEqual(directory.activeArtifact(), first)
        XCTAssertNil(directory.previousArtifact())
        try directory.activate(second)
        XCTAssertEqual(directory.activeArtifact(), second)
        XCTAssertEqual(directory.previousArtifact(), first)
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("active"), encoding: .utf8), "two")
        try directory.activate(second)
        XCTAssertEqual(directory.previousArtifact(), first, "activating the active artifact again changes nothing")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [])
    }

    func testHardwareProbeDescribesThisMachine() {
        let report = HardwareProbe.current(backend: "xnnpack", threads: 2)
        XCTAssertEqual(report.cores, ProcessInfo.processInfo.activeProcessorCount)
        XCTAssertGreaterThan(report.memoryMb, 0)
        XCTAssertNotEqual(report.cpuModel, "unknown")
        XCTAssertEqual(report.threads, 2)
    }

    func testCleanupKeepsActivePreviousAndWhatJobsNeed() throws {
        let root = try Fixtures.temporaryDirectory("agent")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try AgentDataDirectory(root: root)
        let ids = ["a", "b", "c", "d", "e"].map { String(repeating: $0, count: 64) }
        for id in ids {
            try Data(id.utf8).write(to: URL(fileURLWithPath: directory.artifactPath(id)))
        }
        try Data("half".utf8).write(to: URL(fileURLWithPath: directory.artifactPath(ids[4]) + ".partial"))
        try directory.activate(ids[0])
        try directory.activate(ids[1])  // a becomes the previous one
        let freed = directory.removeArtifacts(keeping: [ids[2]])
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.artifacts.path).sorted()
        XCTAssertEqual(left, [ids[0], ids[1], ids[2]].map { "\($0).safetensors" })
        XCTAssertEqual(freed, 64 + 64 + 4, "d, e and e's partial download")
        XCTAssertEqual(directory.activeArtifact(), ids[1])
        XCTAssertEqual(directory.previousArtifact(), ids[0])
    }

    func testDeactivationLeavesNothingActiveAndKeepsItAsPrevious() throws {
        let root = try Fixtures.temporaryDirectory("agent")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try AgentDataDirectory(root: root)
        let id = String(repeating: "a", count: 64)
        try directory.deactivate()  // nothing active: nothing happens
        try Data("one".utf8).write(to: URL(fileURLWithPath: directory.artifactPath(id)))
        try directory.activate(id)
        try directory.deactivate()
        XCTAssertNil(directory.activeArtifact())
        XCTAssertEqual(directory.previousArtifact(), id)
    }
}
