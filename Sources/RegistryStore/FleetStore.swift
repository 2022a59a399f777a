import FleetModel
import Foundation

/// What the registry keeps: every read and write the service makes, each one transaction.
///
/// ``RegistryStore`` implements it over SQLite (GRDB); a second database implements the same
/// protocol. The values are the store's records and FleetModel's types, never wire types; the
/// rules they follow (assignment states, stage judge, health gate) are FleetModel's, applied
/// inside the transactions. Failures are ``StoreError``s.
public protocol FleetStore: Sendable {
    // MARK: Artifacts

    @discardableResult
    func addArtifact(_ artifact: ArtifactRecord) async throws -> ArtifactRecord
    func artifact(id: String) async throws -> ArtifactRecord
    func artifacts(variant: String?, precision: String?) async throws -> [ArtifactRecord]

    // MARK: Fleets and devices

    func createFleet(_ fleet: FleetRecord) async throws
    func fleet(named name: String) async throws -> FleetRecord
    func fleets() async throws -> [FleetRecord]
    func deviceCount(fleet: String) async throws -> Int
    func deviceCounts() async throws -> [String: Int]
    func rotateEnrollmentToken(fleet name: String, tokenHash: String) async throws -> FleetRecord
    @discardableResult
    func enroll(_ device: DeviceRecord, credential: EnrollmentCredential, now: Date) async throws -> (device: DeviceRecord, isNew: Bool)
    func approveReenrollment(deviceId: String, until: Date) async throws -> DeviceRecord
    func device(id: String) async throws -> DeviceRecord
    func device(tokenHash: String) async throws -> DeviceRecord?
    func devices(fleet: String?) async throws -> [DeviceRecord]
    func setBudget(deviceId: String, latencyBudgetMs: Double?, memoryBudgetMb: Double?) async throws -> DeviceRecord
    @discardableResult
    func markSeen(_ seen: [String: Date]) async throws -> Int

    // MARK: Results and jobs

    @discardableResult
    func addResult(_ result: BenchmarkResultRecord) async throws -> Bool
    func addResults(_ results: [BenchmarkResultRecord]) async -> [Result<Bool, StoreError>]
    func results(deviceId: String?, artifactId: String?, since: Date?) async throws -> [BenchmarkResultRecord]
    func jobs(deviceId: String?, fleet: String?, state: BenchmarkJobRecord.State?, offeredAt: Date?) async throws -> [BenchmarkJobListing]
    func failJob(id: String, deviceId: String, error: String, now: Date, retry: JobRetryPolicy) async throws -> BenchmarkJobListing
    func remeasure(fleet name: String, actor: String) async throws -> Int
    func healthSubject(assignmentId: String, deviceId: String) async throws -> HealthSubject?

    // MARK: Plans

    func planningSnapshot(fleet name: String, macsByVariant: [String: Int]) async throws -> PlanningSnapshot
    func savePlan(_ plan: PlanRecord, entries: [PlanEntryRecord], jobs: [(deviceId: String, artifactId: String, again: Bool)]) async throws
    func plans(fleet: String?) async throws -> [PlanRecord]
    func plan(id: String, deviceId: String?) async throws -> StoredPlan

    // MARK: Deployments

    func createDeployment(planId: String, rollout: RolloutOptions, actor: String) async throws -> DeploymentDetails
    func rollBack(deploymentId: String, actor: String) async throws -> DeploymentDetails
    func deployments(fleet: String?) async throws -> [DeploymentDetails]
    func deployment(id: String) async throws -> DeploymentDetails
    func currentAssignment(deviceId: String) async throws -> AssignmentDetails?
    func reportAssignment(
        id: String, deviceId: String, deviceName: String, state: AssignmentState, detail: String?
    ) async throws
        -> AssignmentDetails
    func reportHealth(id: String, deviceId: String, deviceName: String, report: HealthReport) async throws -> AssignmentDetails
    func events(fleet: String?, deviceId: String?) async throws -> [FleetEventRecord]
    /// Fails what stages past their deadline still wait for, and judges them; how many failed.
    @discardableResult
    func expireStages(now: Date) async throws -> Int

    // MARK: Lifecycle

    @discardableResult
    func deleteDevice(id: String, actor: String) async throws -> DeviceRecord
    @discardableResult
    func deleteFleet(name: String, force: Bool, actor: String) async throws -> [String]
    @discardableResult
    func deleteArtifact(id: String, actor: String) async throws -> ArtifactRecord
    func cancelDeployment(id: String, actor: String) async throws -> DeploymentDetails

    // MARK: Operations

    /// Devices online and offline per fleet (online: seen within `onlineWithin` seconds before
    /// `now`) and deployments by state, for `/metrics`.
    func census(now: Date, onlineWithin: TimeInterval) async throws -> FleetCensus

    /// A consistent copy of the whole database at `path`, taken while the registry serves.
    func backup(to path: String) async throws
}

/// The defaults callers leave out.
extension FleetStore {
    public func artifacts() async throws -> [ArtifactRecord] { try await artifacts(variant: nil, precision: nil) }
    @discardableResult
    public func enroll(_ device: DeviceRecord, credential: EnrollmentCredential) async throws -> (device: DeviceRecord, isNew: Bool) {
        try await enroll(device, credential: credential, now: Date())
    }
    public func devices() async throws -> [DeviceRecord] { try await devices(fleet: nil) }
    public func results(deviceId: String? = nil) async throws -> [BenchmarkResultRecord] {
        try await results(deviceId: deviceId, artifactId: nil, since: nil)
    }
    public func jobs(deviceId: String, state: BenchmarkJobRecord.State? = nil) async throws -> [BenchmarkJobListing] {
        try await jobs(deviceId: deviceId, fleet: nil, state: state, offeredAt: nil)
    }
    public func jobs(deviceId: String, offeredAt: Date) async throws -> [BenchmarkJobListing] {
        try await jobs(deviceId: deviceId, fleet: nil, state: nil, offeredAt: offeredAt)
    }
    public func failJob(id: String, deviceId: String, error: String, now: Date = Date()) async throws -> BenchmarkJobListing {
        try await failJob(id: id, deviceId: deviceId, error: error, now: now, retry: .standard)
    }
    public func planningSnapshot(fleet name: String) async throws -> PlanningSnapshot {
        try await planningSnapshot(fleet: name, macsByVariant: [:])
    }
    public func plans() async throws -> [PlanRecord] { try await plans(fleet: nil) }
    public func plan(id: String) async throws -> StoredPlan { try await plan(id: id, deviceId: nil) }
    public func createDeployment(planId: String, rollout: RolloutOptions = RolloutOptions()) async throws -> DeploymentDetails {
        try await createDeployment(planId: planId, rollout: rollout, actor: "operator")
    }
    public func rollBack(deploymentId: String) async throws -> DeploymentDetails {
        try await rollBack(deploymentId: deploymentId, actor: "operator")
    }
    public func events(fleet: String? = nil) async throws -> [FleetEventRecord] { try await events(fleet: fleet, deviceId: nil) }
}

extension RegistryStore: FleetStore {}
