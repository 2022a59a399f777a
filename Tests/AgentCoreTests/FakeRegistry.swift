import AgentCore
import CurlClient
import Foundation
import LiteEngine
import RegistryAPI
import RegistryClient

/// A registry in memory for the agent's unit tests: it offers jobs, takes results and reports,
/// fails calls on request, and ends the test by requesting the agent's stop once `done` says so,
/// so that no test waits on the clock.
actor FakeRegistry: DeviceRegistry {
    private(set) var enrollments: [EnrollRequest] = []
    private(set) var heartbeats = 0
    private(set) var jobPolls = 0
    private(set) var results: [BenchmarkReport] = []
    private(set) var jobFailures: [(id: String, error: String)] = []
    private(set) var postAttempts = 0
    var jobs: [BenchmarkJobView] = []
    /// Result posts that fail as unreachable before one succeeds.
    var unreachablePosts = 0
    /// Every job poll answers 401.
    var rejectsToken = false
    /// Downloads that fail with this error (one each) before they succeed.
    private(set) var downloadFailures: [RegistryClientError] = []
    /// Artifacts deleted at the registry: asking for them answers 404.
    var deletedArtifacts: Set<String> = []
    private(set) var artifactQueries: [String] = []
    private let stop: StopSignal
    private let done: @Sendable (FakeRegistry) async -> Bool

    init(stop: StopSignal, done: @escaping @Sendable (FakeRegistry) async -> Bool) {
        self.stop = stop
        self.done = done
    }

    func offer(_ jobs: [BenchmarkJobView]) { self.jobs = jobs }
    func failPosts(_ count: Int) { unreachablePosts = count }
    func rejectToken() { rejectsToken = true }

    private func check() async {
        if await done(self) { stop.request() }
    }

    func enroll(_ request: EnrollRequest) async throws(RegistryClientError) -> EnrollResponse {
        enrollments.append(request)
        return EnrollResponse(deviceId: "device-1", deviceToken: "token-1")
    }

    func heartbeat() async throws(RegistryClientError) { heartbeats += 1 }

    func deviceJobs() async throws(RegistryClientError) -> [BenchmarkJobView] {
        jobPolls += 1
        await check()
        if rejectsToken { throw .status(code: 401, message: "unknown token", method: "GET", url: "/v1/jobs") }
        return jobs
    }

    func reportJobFailure(id: String, error: String) async throws(RegistryClientError) -> BenchmarkJobView {
        jobFailures.append((id, error))
        jobs.removeAll { $0.id == id }
        return BenchmarkJobView(
            id: id, deviceId: "device-1", artifactId: "a", variant: "lite0", precision: "fp32", sizeBytes: 1, state: "failed")
    }

    func postResult(_ report: BenchmarkReport) async throws(RegistryClientError) -> ResultAcknowledgement {
        postAttempts += 1
        if unreachablePosts > 0 {
            unreachablePosts -= 1
            throw .unreachable(url: "/v1/results", reason: "connection refused")
        }
        let stored = !results.contains { $0.id == report.id }
        if stored { results.append(report) }
        jobs.removeAll { report.id.hasPrefix("job-\($0.id)-") }
        return ResultAcknowledgement(id: report.id, stored: stored)
    }

    func failDownloads(_ errors: [RegistryClientError]) { downloadFailures = errors }

    func downloadBlob(id: String, to path: String, expectedSize: Int?) async throws(RegistryClientError) -> DownloadResult {
        if !downloadFailures.isEmpty { throw downloadFailures.removeFirst() }
        let bytes = Data(repeating: 7, count: expectedSize ?? 16)
        guard FileManager.default.createFile(atPath: path, contents: bytes) else {
            throw .file(path: path, reason: "cannot write")
        }
        return DownloadResult(bytesDownloaded: bytes.count, resumed: false, fileSize: bytes.count)
    }

    func currentAssignment() async throws(RegistryClientError) -> AssignmentView? { nil }

    func delete(_ artifacts: Set<String>) { deletedArtifacts = artifacts }

    func artifact(id: String) async throws(RegistryClientError) -> ArtifactView {
        artifactQueries.append(id)
        if deletedArtifacts.contains(id) {
            throw .status(code: 404, message: "artifact \(id) was deleted", method: "GET", url: "/v1/artifacts/\(id)")
        }
        return ArtifactView(
            id: id, variant: "lite0", precision: "fp32", sizeBytes: 16, origin: "synthetic:1", synthetic: true, publishedTop1: 75.1)
    }

    func reportAssignmentState(id: String, _ report: AssignmentStateReport) async throws(RegistryClientError) -> AssignmentView {
        throw .status(code: 404, message: "no assignment \(id)", method: "POST", url: "/v1/assignments")
    }

    func reportHealth(id: String, _ report: HealthReport) async throws(RegistryClientError) -> AssignmentView {
        throw .status(code: 404, message: "no assignment \(id)", method: "POST", url: "/v1/assignments")
    }
}

/// A runner that answers every benchmark at once with fixed figures, or throws what it is told.
struct FakeRunner: MeasurementRunner {
    var failure: (@Sendable () -> any Error)?

    func measure(artifactPath: String, options: BenchmarkOptions) async throws -> BenchmarkResult {
        if let failure { throw failure() }
        let backend: String =
            switch options.backend {
            case .kind(let kind): kind.rawValue
            case .auto: "auto"
            }
        return BenchmarkResult(
            variant: "lite0", precision: "fp32", backend: backend, threads: options.threads, warmup: 1,
            latency: LatencyStatistics(samples: (0..<30).map { 5 + Double($0) / 100 }), initMs: 20, firstMs: 6,
            peakRssMb: 50, engineVersion: "test")
    }
}
