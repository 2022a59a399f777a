import CurlClient
import RegistryAPI
import RegistryClient

/// The registry as a device sees it: every call the agent makes. ``RegistryClient`` (libcurl) is
/// the real one; the agent's unit tests pass a fake. Failures are ``RegistryClientError``s, which
/// tell the agent whether to retry, report or give up.
public protocol DeviceRegistry: Sendable {
    func enroll(_ request: EnrollRequest) async throws(RegistryClientError) -> EnrollResponse
    func heartbeat() async throws(RegistryClientError)
    func deviceJobs() async throws(RegistryClientError) -> [BenchmarkJobView]
    func reportJobFailure(id: String, error: String) async throws(RegistryClientError) -> BenchmarkJobView
    func postResult(_ report: BenchmarkReport) async throws(RegistryClientError) -> ResultAcknowledgement
    func downloadBlob(id: String, to path: String, expectedSize: Int?) async throws(RegistryClientError) -> DownloadResult
    func currentAssignment() async throws(RegistryClientError) -> AssignmentView?
    func reportAssignmentState(id: String, _ report: AssignmentStateReport) async throws(RegistryClientError) -> AssignmentView
    func reportHealth(id: String, _ report: HealthReport) async throws(RegistryClientError) -> AssignmentView
    /// `GET /v1/artifacts/ID`: 404 once the artifact is deleted at the registry (its stored copy may go).
    func artifact(id: String) async throws(RegistryClientError) -> ArtifactView
}

extension RegistryClient: DeviceRegistry {}

/// Opens a connection to the registry that sends `token`, with `timeout` for one exchange.
public typealias RegistryConnector = @Sendable (_ token: String, _ timeout: Duration) throws -> any DeviceRegistry
