import Crypto
import EffCore
import FleetModel
import Foundation
import GRDB

/// An assignment with what a reader needs to show it, fetched in one request with its
/// associations (``request``).
public struct AssignmentDetails: Hashable, Sendable, Decodable, FetchableRecord {
    public var assignment: AssignmentRecord
    public var deviceName: String
    public var artifact: ArtifactRecord
    public var history: [AssignmentEventRecord]

    /// Assignments with their artifact, their device's name and their history, oldest event first.
    public static let request =
        AssignmentRecord
        .including(required: AssignmentRecord.artifact)
        .annotated(withRequired: AssignmentRecord.device.select(Column("name").forKey("deviceName")))
        .including(all: AssignmentRecord.history.order(Column("id")))
        .asRequest(of: AssignmentDetails.self)

    public init(assignment: AssignmentRecord, deviceName: String, artifact: ArtifactRecord, history: [AssignmentEventRecord]) {
        self.assignment = assignment
        self.deviceName = deviceName
        self.artifact = artifact
        self.history = history
    }
}

/// A deployment, its assignments and its history, fetched in one request with its associations.
public struct DeploymentDetails: Hashable, Sendable, Decodable, FetchableRecord {
    public var deployment: DeploymentRecord
    public var assignments: [AssignmentDetails]
    public var events: [FleetEventRecord]

    /// Deployments with their assignments (in stage and creation order) and their fleet events.
    public static let request = DeploymentRecord.including(
        all: DeploymentRecord.assignments
            .including(required: AssignmentRecord.artifact)
            .annotated(withRequired: AssignmentRecord.device.select(Column("name").forKey("deviceName")))
            .including(all: AssignmentRecord.history.order(Column("id")))
            .order(Column("stage"), Column("createdAt"), Column.rowID)
    )
    .including(all: DeploymentRecord.events.order(Column("id")))
    .asRequest(of: DeploymentDetails.self)

    public init(deployment: DeploymentRecord, assignments: [AssignmentDetails], events: [FleetEventRecord]) {
        self.deployment = deployment
        self.assignments = assignments
        self.events = events
    }
}

extension RegistryStore {
    /// Carries out plan `planId`: an assignment for every device it assigns an artifact, in the
    /// stages `rollout` asks for (devices spread over stages by a hash of deployment and device
    /// id). The first stage's assignments are pending, the others wait for their stage. Those
    /// devices' unfinished assignments become superseded.
    public func createDeployment(
        planId: String, rollout: RolloutOptions, actor: String
    ) async throws -> DeploymentDetails {
        try await write { db in
            guard let plan = try PlanRecord.fetchOne(db, key: planId) else { throw StoreError(.notFound, "no plan \(planId)") }
            let entries = try PlanEntryRecord.filter(Column("planId") == planId && Column("decision") == "assign").fetchAll(db)
            var targets: [(device: DeviceRecord, artifactId: String, backend: String)] = []
            for entry in entries {
                guard !rollout.excludedDevices.contains(entry.deviceId), let artifactId = entry.artifactId,
                    let device = try DeviceRecord.fetchOne(db, key: entry.deviceId)
                else { continue }
                targets.append((device, artifactId, entry.backend ?? MeasurementRules.defaultBackend))
            }
            if let problem = rollout.problem(deviceCount: targets.count) { throw StoreError(.invalid, problem) }
            let sizes = rollout.stageSizes(deviceCount: targets.count)
            var deployment = DeploymentRecord(
                fleetName: plan.fleetName, planId: plan.id, stageCount: max(1, sizes.count), maxFailures: rollout.maxFailures,
                stageTimeoutSeconds: rollout.stageDeadline?.timeoutSeconds)
            targets.sort { Self.spread(deployment.id, $0.device.id) < Self.spread(deployment.id, $1.device.id) }
            if targets.isEmpty { deployment.state = .completed }
            try deployment.insert(db)
            var position = 0
            var overtaken: Set<String> = []
            for (stage, size) in sizes.enumerated() {
                for (device, artifactId, backend) in targets[position..<(position + size)] {
                    overtaken.formUnion(
                        try Self.insertSuperseding(
                            AssignmentRecord(
                                deploymentId: deployment.id, deviceId: device.id, artifactId: artifactId, backend: backend,
                                state: stage == 0 ? .pending : .waiting, stage: stage, previousArtifactId: device.currentArtifactId,
                                previousBackend: device.currentBackend),
                            actor: actor, db))
                }
                position += size
            }
            for other in overtaken { try Self.afterSupersession(of: other, by: deployment.id, db) }
            let stages = sizes.count > 1 ? " in \(sizes.count) stages (\(sizes.map(String.init).joined(separator: " + ")) devices)" : ""
            try FleetEventRecord.append(
                FleetEventRecord(
                    fleetName: plan.fleetName, deploymentId: deployment.id, actor: actor, kind: "deployment-created",
                    detail:
                        "plan \(plan.id): \(targets.count.counted("device"))\(stages), at most \(rollout.maxFailures) failures per stage"),
                db)
            return try Self.details(of: deployment, db)
        }
    }

    /// Returns every device of `deploymentId` to the artifact it ran before that deployment (its
    /// last-known-good), as a new one-stage deployment; an unfinished original is halted first.
    public func rollBack(deploymentId: String, actor: String) async throws -> DeploymentDetails {
        try await write { db in
            guard var original = try DeploymentRecord.fetchOne(db, key: deploymentId) else {
                throw StoreError(.notFound, "no deployment \(deploymentId)")
            }
            let assignments = try AssignmentRecord.filter(
                Column("deploymentId") == deploymentId && Column("purpose") == AssignmentPurpose.deploy
            ).fetchAll(
                db)
            let targets = assignments.filter { $0.previousArtifactId != nil }
            guard !targets.isEmpty else {
                throw StoreError(.conflict, "nothing to roll back: no device of deployment \(deploymentId) ran an artifact before it")
            }
            if original.state == .running {
                try Self.halt(&original, reason: "halted by a rollback", actor: actor, db)
            }
            let rollback = DeploymentRecord(
                fleetName: original.fleetName, planId: original.planId, kind: "rollback", rollbackOf: original.id)
            try rollback.insert(db)
            for target in targets {
                guard let previous = target.previousArtifactId, try DeviceRecord.exists(db, key: target.deviceId) else { continue }
                let current = try Row.fetchOne(
                    db, sql: "SELECT currentArtifactId, currentBackend FROM device WHERE id = ?", arguments: [target.deviceId])
                try Self.assign(
                    AssignmentRecord(
                        deploymentId: rollback.id, deviceId: target.deviceId, artifactId: previous,
                        backend: target.previousBackend ?? MeasurementRules.defaultBackend,
                        purpose: .rollback, previousArtifactId: current?["currentArtifactId"],
                        previousBackend: current?["currentBackend"]),
                    actor: actor, db)
            }
            try FleetEventRecord.append(
                FleetEventRecord(
                    fleetName: original.fleetName, deploymentId: rollback.id, actor: actor, kind: "rollback",
                    detail: "returns \(targets.count.counted("device")) of deployment \(original.id) to their previous artifact"),
                db)
            return try Self.details(of: rollback, db)
        }
    }

    /// Deployments, newest first, with their assignments.
    public func deployments(fleet: String?) async throws -> [DeploymentDetails] {
        try await read { db in
            var request = DeploymentDetails.request
            if let fleet { request = request.filter(Column("fleetName") == fleet) }
            return try request.order(Column("createdAt").desc, Column("id")).fetchAll(db)
        }
    }

    public func deployment(id: String) async throws -> DeploymentDetails {
        try await read { db in
            guard let deployment = try DeploymentRecord.fetchOne(db, key: id) else { throw StoreError(.notFound, "no deployment \(id)") }
            return try Self.details(of: deployment, db)
        }
    }

    /// The device's newest assignment it has to act on or has acted on: not waiting for its
    /// stage, not superseded, not cancelled.
    public func currentAssignment(deviceId: String) async throws -> AssignmentDetails? {
        try await read { db in
            let assignment =
                try AssignmentRecord
                .filter(Column("deviceId") == deviceId && !AssignmentStateMachine.hiddenFromDevice.contains(Column("state")))
                .order(Column("createdAt").desc, Column("rowid").desc)
                .fetchOne(db)
            return try assignment.map { try Self.details(of: $0, db) }
        }
    }

    /// Records a device's progress on its assignment (`downloading`, `active` or `failed`).
    /// Repeating the current state changes nothing; a settled assignment cannot change. `active`
    /// makes the artifact the device's current one; `failed` may end the assignment's stage.
    public func reportAssignment(
        id: String, deviceId: String, deviceName: String, state: AssignmentState, detail: String?
    ) async throws -> AssignmentDetails {
        try await write { db in
            var assignment = try Self.ownAssignment(id, of: deviceId, db)
            switch AssignmentStateMachine.deviceReport(state, from: assignment.state, purpose: assignment.purpose) {
            case .unchanged: return try Self.details(of: assignment, db)
            case .move: break
            case .refused:
                throw StoreError(.conflict, "assignment \(id) is \(assignment.state.rawValue) and cannot become \(state.rawValue)")
            }
            try Self.transition(&assignment, to: state, detail: detail, actor: "device:\(deviceName)", db)
            if state == .withdrawn {
                try db.execute(
                    sql: "UPDATE device SET currentArtifactId = NULL, currentBackend = NULL WHERE id = ? AND currentArtifactId = ?",
                    arguments: [deviceId, assignment.artifactId])
            }
            if state == .active {
                try db.execute(
                    sql: "UPDATE device SET currentArtifactId = ?, currentBackend = ? WHERE id = ?",
                    arguments: [assignment.artifactId, assignment.backend, deviceId])
            }
            if state == .failed { try Self.evaluateStage(of: assignment.deploymentId, db) }
            return try Self.details(of: assignment, db)
        }
    }

    /// Records the in-service measurement of an active assignment and applies the ``HealthGate``
    /// to every reading so far: `healthy`, `breached`, or still `active` while the gate asks the
    /// device to measure again. The last settled assignment of a stage decides whether the rollout
    /// goes on, completes or halts.
    public func reportHealth(id: String, deviceId: String, deviceName: String, report: HealthReport) async throws -> AssignmentDetails {
        try await write { db in
            var assignment = try Self.ownAssignment(id, of: deviceId, db)
            guard assignment.state == .active else {
                if assignment.state == .healthy || assignment.state == .breached { return try Self.details(of: assignment, db) }
                throw StoreError(.conflict, "assignment \(id) is \(assignment.state.rawValue); health is reported once it is active")
            }
            guard let deployment = try DeploymentRecord.fetchOne(db, key: assignment.deploymentId),
                let fleet = try FleetRecord.fetchOne(db, key: deployment.fleetName),
                let current = try DeviceRecord.fetchOne(db, key: deviceId)
            else { throw StoreError(.notFound, "assignment \(id) lost its deployment or device") }
            let percentile = try PlanRecord.fetchOne(db, key: deployment.planId)?.percentile ?? fleet.percentile
            let assessment = assignment.assessHealth(report, percentile: percentile, device: current, fleet: fleet)
            try Self.transition(&assignment, to: assessment.state, detail: assessment.detail, actor: "device:\(deviceName)", db)
            if assessment.state.isSettled { try Self.evaluateStage(of: assignment.deploymentId, db) }
            return try Self.details(of: assignment, db)
        }
    }

    /// A fleet's history (deployments, stages, rollbacks, enrollments, budget changes), oldest
    /// first, optionally only what concerns one device.
    public func events(fleet: String?, deviceId: String?) async throws -> [FleetEventRecord] {
        try await read { db in
            var request = FleetEventRecord.all()
            if let fleet { request = request.filter(Column("fleetName") == fleet) }
            if let deviceId { request = request.filter(Column("deviceId") == deviceId) }
            return try request.order(Column("id")).fetchAll(db)
        }
    }

    // MARK: Internals

    private static func ownAssignment(_ id: String, of deviceId: String, _ db: Database) throws -> AssignmentRecord {
        guard let assignment = try AssignmentRecord.fetchOne(db, key: id), assignment.deviceId == deviceId else {
            throw StoreError(.notFound, "no assignment \(id) for this device")
        }
        return assignment
    }

    /// Inserts `assignment`, superseding the device's unfinished ones, with its first event, and
    /// settles the deployments those belonged to (``afterSupersession(of:by:_:)``).
    static func assign(_ assignment: AssignmentRecord, detail: String? = nil, actor: String, _ db: Database) throws {
        for other in try insertSuperseding(assignment, detail: detail, actor: actor, db) {
            try afterSupersession(of: other, by: assignment.deploymentId, db)
        }
    }

    /// Inserts `assignment`, superseding the device's unfinished ones, with its first event. Returns
    /// the other deployments it took a device from, for the caller to settle once it has assigned
    /// every device (so that no stage of theirs starts only to be taken over a moment later).
    static func insertSuperseding(
        _ assignment: AssignmentRecord, detail: String? = nil, actor: String, _ db: Database
    ) throws -> Set<String> {
        let older =
            try AssignmentRecord
            .filter(Column("deviceId") == assignment.deviceId && AssignmentStateMachine.supersedable.contains(Column("state")))
            .fetchAll(db)
        for var old in older {
            try transition(&old, to: .superseded, detail: "superseded by deployment \(assignment.deploymentId)", actor: actor, db)
        }
        try assignment.insert(db)
        var event = AssignmentEventRecord(
            assignmentId: assignment.id, state: assignment.state, detail: detail, actor: actor, at: assignment.createdAt)
        try event.insert(db)
        return Set(older.map(\.deploymentId)).subtracting([assignment.deploymentId])
    }

    static func transition(
        _ assignment: inout AssignmentRecord, to state: AssignmentState, detail: String?, actor: String, _ db: Database
    ) throws {
        let now = Date()
        assignment.state = state
        assignment.detail = detail
        assignment.updatedAt = now
        try assignment.update(db)
        var event = AssignmentEventRecord(assignmentId: assignment.id, state: state, detail: detail, actor: actor, at: now)
        try event.insert(db)
    }

    /// A stable pseudo-random order of devices within a deployment.
    private static func spread(_ deploymentId: String, _ deviceId: String) -> String {
        SHA256.hash(data: Data("\(deploymentId)/\(deviceId)".utf8)).hexString
    }

    static func details(of deployment: DeploymentRecord, _ db: Database) throws -> DeploymentDetails {
        guard let details = try DeploymentDetails.request.filter(key: deployment.id).fetchOne(db) else {
            throw StoreError(.notFound, "no deployment \(deployment.id)")
        }
        return details
    }

    static func details(of assignment: AssignmentRecord, _ db: Database) throws -> AssignmentDetails {
        guard let details = try AssignmentDetails.request.filter(key: assignment.id).fetchOne(db) else {
            throw StoreError(.notFound, "assignment \(assignment.id) lost its artifact or device")
        }
        return details
    }
}
