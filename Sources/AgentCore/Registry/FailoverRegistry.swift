import CurlClient
import Foundation
import Logging
import RegistryAPI
import RegistryClient

/// Several registry replicas as one ``DeviceRegistry``: calls go to one replica until it cannot be
/// reached (or answers 502, 503 or 504, as a load balancer or a stopping replica does); then the
/// same call goes to the next, and that one is used from then on. A call fails only when every
/// replica failed it. Every registry call is safe to repeat (results carry ids, downloads resume
/// with Range), so a call cut off on one replica may be sent again to another.
public struct FailoverRegistry: DeviceRegistry {
    /// The replicas in the order given, with their base URLs for the logs.
    let replicas: [(url: String, registry: any DeviceRegistry)]
    private let current: CurrentReplica
    private let logger: Logger

    /// Fails over between `replicas` (at least one), starting with the first.
    public init(replicas: [(url: String, registry: any DeviceRegistry)], logger: Logger) {
        precondition(!replicas.isEmpty, "a failover registry needs at least one replica")
        self.replicas = replicas
        self.current = CurrentReplica()
        self.logger = logger
    }

    /// The base URL of the replica calls go to now.
    public var currentURL: String { replicas[current.index % replicas.count].url }

    /// Runs `call` on the current replica, then on each other one in turn while they fail over.
    private func call<T>(_ call: (any DeviceRegistry) async throws(RegistryClientError) -> T) async throws(RegistryClientError) -> T {
        let start = current.index
        var attempt = 0
        while true {
            let index = (start + attempt) % replicas.count
            do {
                let answer = try await call(replicas[index].registry)
                if index != start { current.move(from: start, to: index) }
                return answer
            } catch {
                attempt += 1
                guard Self.failsOver(error), attempt < replicas.count else { throw error }
                let next = replicas[(start + attempt) % replicas.count].url
                logger.warning("registry replica \(replicas[index].url) failed (\(error)); trying \(next)")
            }
        }
    }

    /// Whether another replica may succeed where this one failed: it was unreachable, or answered
    /// as an overloaded, stopping or missing upstream does.
    static func failsOver(_ error: RegistryClientError) -> Bool {
        switch error {
        case .unreachable: return true
        case .status(let code, _, _, _): return [502, 503, 504].contains(code)
        default: return false
        }
    }

    public func enroll(_ request: EnrollRequest) async throws(RegistryClientError) -> EnrollResponse {
        try await call { registry throws(RegistryClientError) in try await registry.enroll(request) }
    }

    public func heartbeat() async throws(RegistryClientError) {
        try await call { registry throws(RegistryClientError) in try await registry.heartbeat() }
    }

    public func deviceJobs() async throws(RegistryClientError) -> [BenchmarkJobView] {
        try await call { registry throws(RegistryClientError) in try await registry.deviceJobs() }
    }

    public func reportJobFailure(id: String, error: String) async throws(RegistryClientError) -> BenchmarkJobView {
        try await call { registry throws(RegistryClientError) in try await registry.reportJobFailure(id: id, error: error) }
    }

    public func postResult(_ report: BenchmarkReport) async throws(RegistryClientError) -> ResultAcknowledgement {
        try await call { registry throws(RegistryClientError) in try await registry.postResult(report) }
    }

    public func artifact(id: String) async throws(RegistryClientError) -> ArtifactView {
        try await call { registry throws(RegistryClientError) in try await registry.artifact(id: id) }
    }

    public func downloadBlob(id: String, to path: String, expectedSize: Int?) async throws(RegistryClientError) -> DownloadResult {
        try await call { registry throws(RegistryClientError) in
            try await registry.downloadBlob(id: id, to: path, expectedSize: expectedSize)
        }
    }

    public func currentAssignment() async throws(RegistryClientError) -> AssignmentView? {
        try await call { registry throws(RegistryClientError) in try await registry.currentAssignment() }
    }

    public func reportAssignmentState(id: String, _ report: AssignmentStateReport) async throws(RegistryClientError) -> AssignmentView {
        try await call { registry throws(RegistryClientError) in try await registry.reportAssignmentState(id: id, report) }
    }

    public func reportHealth(id: String, _ report: HealthReport) async throws(RegistryClientError) -> AssignmentView {
        try await call { registry throws(RegistryClientError) in try await registry.reportHealth(id: id, report) }
    }
}

/// Which replica a ``FailoverRegistry`` uses now, shared by its concurrent calls.
private final class CurrentReplica: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    var index: Int { lock.withLock { value } }

    /// Moves to `index`, unless another call has moved away from `start` already.
    func move(from start: Int, to index: Int) {
        lock.withLock { if value == start { value = index } }
    }
}
