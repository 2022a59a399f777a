import AgentCore
import CurlClient
import EffFleetTesting
import Foundation
import LiteEngine
import Logging
import RegistryAPI
import RegistryClient
import XCTest

/// A full disk is reported as such ("disk full at PATH: free space needed"), waited out, and never
/// blamed on the registry or the artifact.
final class DiskFullTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("agent-disk-full")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The client error a download gets when its write meets a full disk: /dev/full answers ENOSPC.
    private func fullDiskWrite() throws -> RegistryClientError {
        let descriptor = open("/dev/full", O_WRONLY)
        guard descriptor >= 0 else { throw XCTSkip("no /dev/full here") }
        defer { close(descriptor) }
        let written = [UInt8](repeating: 1, count: 4096).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let code = errno
        XCTAssertEqual(written, -1)
        XCTAssertEqual(code, ENOSPC)
        return RegistryClient.translate(.fileSystem(operation: "write", path: "/dev/full", errno: code), url: "/v1/artifacts/a/blob")
    }

    func testENOSPCAndADownloadThatDoesNotFitAreDiskFull() throws {
        let write = try fullDiskWrite()
        XCTAssertTrue(write.isDiskFull)
        XCTAssertEqual(DiskFull(write)?.description, "disk full at /dev/full: free space needed")
        let tooBig = RegistryClient.translate(.insufficientDiskSpace(needed: 100, available: 10), url: "/data/artifacts/x")
        XCTAssertTrue(tooBig.isDiskFull)
        let other = RegistryClient.translate(.fileSystem(operation: "open", path: "/x", errno: EACCES), url: "/x")
        XCTAssertFalse(other.isDiskFull)
        XCTAssertNil(DiskFull(other))
        XCTAssertNil(DiskFull(RegistryClientError.unreachable(url: "/v1/jobs", reason: "connection refused")))
    }

    func testAFullDiskIsLoggedAndWaitedOutNotReportedAsTheJobsFailure() async throws {
        let full = try fullDiskWrite()
        let stop = StopSignal()
        let registry = FakeRegistry(stop: stop) { await $0.results.count >= 1 }
        await registry.offer([
            BenchmarkJobView(
                id: "a", deviceId: "device-1", artifactId: String(repeating: "a", count: 64), variant: "lite0", precision: "fp32",
                sizeBytes: 32, state: "pending")
        ])
        await registry.failDownloads([full, full])
        let log = LogRecorder()
        let configuration = AgentConfiguration(
            registry: "http://127.0.0.1:1", enrollmentToken: "enroll", name: "cam-1", fleet: "demo", backend: .kind(.reference),
            dataDirectory: directory, pollInterval: .milliseconds(1), heartbeatInterval: .milliseconds(1))
        try await Agent(
            configuration: configuration, runner: FakeRunner(), stop: stop, logger: log.logger(), connect: { _, _ in registry },
            backoff: Backoff(base: .milliseconds(1), cap: .milliseconds(2))
        ).run()
        let (results, failures) = await (registry.results.count, registry.jobFailures.count)
        XCTAssertEqual(results, 1, "delivered once there was space")
        XCTAssertEqual(failures, 0, "a full disk is not the job's failure")
        let said = log.lines.filter { $0.message.hasPrefix("disk full at /dev/full: free space needed; retrying in ") }
        XCTAssertEqual(said.count, 2, "\(log.lines)")
        XCTAssertEqual(said.first?.level, .error)
        XCTAssertFalse(log.lines.contains { $0.message.contains("registry unavailable") }, "\(log.lines)")
    }

    /// The outbox on a full file system (a 256 KiB tmpfs, filled up) says so when a report cannot be written.
    func testAnOutboxWriteOnAFullDiskIsDiskFull() async throws {
        let mountPoint = directory.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mounted = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.path], timeout: 30)
        guard mounted.status == 0 else { throw XCTSkip("cannot mount a tmpfs here (needs root): \(mounted.standardError)") }
        defer { _ = try? ProcessRunner.run(URL(fileURLWithPath: "/bin/umount"), [mountPoint.path], timeout: 30) }
        let outbox = try Outbox(directory: mountPoint)
        // Fill what is left of the file system.
        let filler = mountPoint.appendingPathComponent("filler")
        XCTAssertTrue(FileManager.default.createFile(atPath: filler.path, contents: nil))
        let handle = try FileHandle(forWritingTo: filler)
        while (try? handle.write(contentsOf: Data(repeating: 0, count: 4096))) != nil {}
        try? handle.close()
        let report = OutboxMessage.jobFailure(jobId: "a", JobFailureReport(error: String(repeating: "x", count: 64 << 10)))
        do {
            try await outbox.enqueue(report)
            XCTFail("the write should not fit")
        } catch let error as DiskFull {
            XCTAssertEqual(error.description, "disk full at \(mountPoint.path)/outbox.sqlite: free space needed")
        }
    }
}
