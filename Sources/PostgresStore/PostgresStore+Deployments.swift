import Crypto
import EffCore
import FleetModel
import Foundation
import PostgresNIO
import RegistryStore

extension PostgresStore {
    /// Carries out plan `planId` in the stages `rollout` asks for, as
    /// ``RegistryStore/RegistryStore/createDeployment(planId:rollout:actor:)`` does.
    public func createDeployment(planId: String, rollout: RolloutOptions, actor: String) async throws -> DeploymentDetails {
        try await write { db in
            guard let plan = try await db.row("SELECT \(unescaped: PlanRecord.postgresColumns.select()) FROM plan WHERE id = \(planId)")
            else {
                throw StoreError(.notFound, "no plan \(planId)")
            }
            let fleetName: String = try plan("fleet_name")
            let rows = try await db.all(
                """
                SELECT e.artifact_id, coalesce(e.backend, \(MeasurementRules.defaultBackend)) AS backend, d.id, d.current_artifact_id,
                       d.current_backend
                FROM plan_entry e JOIN device d ON d.id = e.device_id
                WHERE e.plan_id = \(planId) AND e.decision = 'assign' AND e.artifact_id IS NOT NULL
                ORDER BY e.position
                """)
            var targets = try rows.map { c in
                (
                    deviceId: try c("id", as: String.self), artifactId: try c("artifact_id", as: String.self),
                    backend: try c("backend", as: String.self), current: try c("current_artifact_id", as: String?.self),
                    currentBackend: try c("current_backend", as: String?.self)
                )
            }.filter { !rollout.excludedDevices.contains($0.deviceId) }
            if let problem = rollout.problem(deviceCount: targets.count) { throw StoreError(.invalid, problem) }
            let sizes = rollout.stageSizes(deviceCount: targets.count)
            var deployment = DeploymentRecord(
                fleetName: fleetName, planId: planId, stageCount: max(1, sizes.count), maxFailures: rollout.maxFailures,
                stageTimeoutSeconds: rollout.stageDeadline?.timeoutSeconds)
            let deploymentId = deployment.id
            targets.sort { Self.spread(deploymentId, $0.deviceId) < Self.spread(deploymentId, $1.deviceId) }
            if targets.isEmpty { deployment.state = .completed }
            try await Self.insert(deployment, db)
            var assignments: [AssignmentRecord] = []
            var position = 0
            for (stage, size) in sizes.enumerated() {
                for target in targets[position..<(position + size)] {
                    assignments.append(
                        AssignmentRecord(
                            deploymentId: deployment.id, deviceId: target.deviceId, artifactId: target.artifactId, backend: target.backend,
                            state: stage == 0 ? .pending : .waiting, stage: stage, previousArtifactId: target.current,
                            previousBackend: target.currentBackend))
                }
                position += size
            }
            let overtaken = try await Self.assign(assignments, actor: actor, db)
            for other in overtaken { try await Self.afterSupersession(of: other, by: deployment.id, db) }
            let stages = sizes.count > 1 ? " in \(sizes.count) stages (\(sizes.map(String.init).joined(separator: " + ")) devices)" : ""
            try await Self.append(
                FleetEventRecord(
                    fleetName: fleetName, deploymentId: deployment.id, actor: actor, kind: "deployment-created",
                    detail: "plan \(planId): \(targets.count.counted("device"))\(stages), at most \(rollout.maxFailures) failures per stage"
                ),
                db)
            return try await Self.details(of: deployment.id, db)
        }
    }

    /// Returns every device of `deploymentId` to the artifact it ran before that deployment, as a
    /// new one-stage deployment; an unfinished original is halted first.
    public func rollBack(deploymentId: String, actor: String) async throws -> DeploymentDetails {
        try await write { db in
            var original = try await Self.deployment(id: deploymentId, lock: true, db)
            let targets = try await db.all(
                """
                SELECT \(unescaped: AssignmentRecord.postgresColumns.select("s")), d.current_artifact_id AS device_current_artifact_id,
                       d.current_backend AS device_current_backend, d.id IS NOT NULL AS device_exists
                FROM assignment s LEFT JOIN device d ON d.id = s.device_id
                WHERE s.deployment_id = \(deploymentId) AND s.purpose = 'deploy' AND s.previous_artifact_id IS NOT NULL
                ORDER BY s.seq
                """)
            guard !targets.isEmpty else {
                throw StoreError(.conflict, "nothing to roll back: no device of deployment \(deploymentId) ran an artifact before it")
            }
            if original.state == .running {
                try await Self.halt(&original, reason: "halted by a rollback", actor: actor, db)
            }
            let rollback = DeploymentRecord(
                fleetName: original.fleetName, planId: original.planId, kind: "rollback", rollbackOf: original.id)
            try await Self.insert(rollback, db)
            var assignments: [AssignmentRecord] = []
            for c in targets {
                guard try c("device_exists", as: Bool.self) else { continue }
                let target = try AssignmentRecord(c)
                guard let previous = target.previousArtifactId else { continue }
                assignments.append(
                    AssignmentRecord(
                        deploymentId: rollback.id, deviceId: target.deviceId, artifactId: previous,
                        backend: target.previousBackend ?? MeasurementRules.defaultBackend, purpose: .rollback,
                        previousArtifactId: try c("device_current_artifact_id"), previousBackend: try c("device_current_backend")))
            }
            for other in try await Self.assign(assignments, actor: actor, db) {
                try await Self.afterSupersession(of: other, by: rollback.id, db)
            }
            try await Self.append(
                FleetEventRecord(
                    fleetName: original.fleetName, deploymentId: rollback.id, actor: actor, kind: "rollback",
                    detail: "returns \(targets.count.counted("device")) of deployment \(original.id) to their previous artifact"),
                db)
            return try await Self.details(of: rollback.id, db)
        }
    }

    /// Deployments, newest first, with their assignments.
    public func deployments(fleet: String?) async throws -> [DeploymentDetails] {
        try await read { db in
            let deployments = try await db.all(
                """
                SELECT \(unescaped: DeploymentRecord.postgresColumns.select()) FROM deployment
                WHERE \(fleet)::text IS NULL OR fleet_name = \(fleet)
                ORDER BY created_at DESC, id
                """
            ).map(DeploymentRecord.init)
            return try await Self.details(of: deployments, db)
        }
    }

    public func deployment(id: String) async throws -> DeploymentDetails {
        try await read { db in try await Self.details(of: id, db) }
    }

    /// The device's newest assignment it has to act on or has acted on: not waiting for its
    /// stage, not superseded, not cancelled.
    public func currentAssignment(deviceId: String) async throws -> AssignmentDetails? {
        try await read { db in
            let hidden = AssignmentStateMachine.hiddenFromDevice.map(\.rawValue)
            guard
                let id = try await db.row(
                    """
                    SELECT id FROM assignment WHERE device_id = \(deviceId) AND state <> ALL(\(hidden)::text[])
                    ORDER BY created_at DESC, seq DESC LIMIT 1
                    """)
            else { return nil }
            return try await Self.details(ofAssignment: try id("id"), db)
        }
    }

    /// Records a device's progress on its assignment (`downloading`, `active` or `failed`), as
    /// ``RegistryStore/RegistryStore/reportAssignment(id:deviceId:deviceName:state:detail:)`` does,
    /// with the deployment's row locked: a `failed` may judge the stage.
    public func reportAssignment(
        id: String, deviceId: String, deviceName: String, state: AssignmentState, detail: String?
    ) async throws -> AssignmentDetails {
        try await write { db in
            var assignment = try await Self.lockOwnAssignment(id, of: deviceId, db)
            switch AssignmentStateMachine.deviceReport(state, from: assignment.state, purpose: assignment.purpose) {
            case .unchanged: return try await Self.details(ofAssignment: id, db)
            case .move: break
            case .refused:
                throw StoreError(.conflict, "assignment \(id) is \(assignment.state.rawValue) and cannot become \(state.rawValue)")
            }
            try await Self.transition(&assignment, to: state, detail: detail, actor: "device:\(deviceName)", db)
            if state == .withdrawn {
                try await db.execute(
                    """
                    UPDATE device SET current_artifact_id = NULL, current_backend = NULL
                    WHERE id = \(deviceId) AND current_artifact_id = \(assignment.artifactId)
                    """)
            }
            if state == .active {
                try await db.execute(
                    """
                    UPDATE device SET current_artifact_id = \(assignment.artifactId), current_backend = \(assignment.backend)
                    WHERE id = \(deviceId)
                    """)
            }
            if state == .failed { try await Self.evaluateStage(of: assignment.deploymentId, db) }
            return try await Self.details(ofAssignment: id, db)
        }
    }

    /// Records the in-service measurement of an active assignment and applies the
    /// ``FleetModel/HealthGate``, as ``RegistryStore/RegistryStore/reportHealth(id:deviceId:deviceName:report:)``
    /// does, with the deployment's row locked: the last settled assignment of a stage judges it.
    public func reportHealth(id: String, deviceId: String, deviceName: String, report: HealthReport) async throws -> AssignmentDetails {
        try await write { db in
            var assignment = try await Self.lockOwnAssignment(id, of: deviceId, db)
            guard assignment.state == .active else {
                if assignment.state == .healthy || assignment.state == .breached { return try await Self.details(ofAssignment: id, db) }
                throw StoreError(.conflict, "assignment \(id) is \(assignment.state.rawValue); health is reported once it is active")
            }
            let deployment = try await Self.deployment(id: assignment.deploymentId, db)
            let fleet = try await Self.fleet(named: deployment.fleetName, db)
            let current = try await Self.device(id: deviceId, db)
            let planPercentile = try await db.row("SELECT percentile FROM plan WHERE id = \(deployment.planId)")
                .map { try $0.raw("percentile", as: LatencyPercentile.self) }
            let percentile = planPercentile ?? fleet.percentile
            let assessment = assignment.assessHealth(report, percentile: percentile, device: current, fleet: fleet)
            try await Self.transition(&assignment, to: assessment.state, detail: assessment.detail, actor: "device:\(deviceName)", db)
            if assessment.state.isSettled { try await Self.evaluateStage(of: assignment.deploymentId, db) }
            return try await Self.details(ofAssignment: id, db)
        }
    }

    /// A fleet's history, oldest first, optionally only what concerns one device.
    public func events(fleet: String?, deviceId: String?) async throws -> [FleetEventRecord] {
        try await read { db in
            try await db.all(
                """
                SELECT \(unescaped: FleetEventRecord.postgresColumns.select()) FROM fleet_event
                WHERE (\(fleet)::text IS NULL OR fleet_name = \(fleet)) AND (\(deviceId)::text IS NULL OR device_id = \(deviceId))
                ORDER BY id
                """
            ).map(FleetEventRecord.init)
        }
    }

    // MARK: Internals

    /// The device's assignment `id`, read after locking its deployment's row and then its own: every
    /// report on a deployment's assignments waits for the one before it, so a stage is judged once,
    /// by the report that settles it, on whichever replica that arrives.
    private static func lockOwnAssignment(_ id: String, of deviceId: String, _ db: PostgresTransaction) async throws -> AssignmentRecord {
        guard let owner = try await db.row("SELECT deployment_id, device_id FROM assignment WHERE id = \(id)"),
            try owner("device_id", as: String.self) == deviceId
        else { throw StoreError(.notFound, "no assignment \(id) for this device") }
        _ = try await deployment(id: try owner("deployment_id"), lock: true, db)
        guard
            let row = try await db.row(
                "SELECT \(unescaped: AssignmentRecord.postgresColumns.select()) FROM assignment WHERE id = \(id) FOR UPDATE")
        else { throw StoreError(.notFound, "no assignment \(id) for this device") }
        return try AssignmentRecord(row)
    }

    static func deployment(id: String, lock: Bool = false, _ db: PostgresTransaction) async throws -> DeploymentRecord {
        let forUpdate = lock ? " FOR UPDATE" : ""
        guard
            let row = try await db.row(
                "SELECT \(unescaped: DeploymentRecord.postgresColumns.select()) FROM deployment WHERE id = \(id)\(unescaped: forUpdate)")
        else { throw StoreError(.notFound, "no deployment \(id)") }
        return try DeploymentRecord(row)
    }

    static func insert(_ d: DeploymentRecord, _ db: PostgresTransaction) async throws {
        try await db.execute(
            """
            INSERT INTO deployment (id, fleet_name, plan_id, kind, state, stage_count, current_stage, max_failures, rollback_of, created_at,
                                    stage_started_at, stage_timeout_seconds)
            VALUES (\(d.id), \(d.fleetName), \(d.planId), \(d.kind), \(d.state.rawValue), \(d.stageCount), \(d.currentStage),
                    \(d.maxFailures), \(d.rollbackOf), \(d.createdAt), \(d.stageStartedAt), \(d.stageTimeoutSeconds))
            """)
    }

    /// Inserts `assignments` (of distinct devices), superseding those devices' unfinished ones, each
    /// with its first event; three statements, however many devices. Returns the other deployments
    /// it took devices from, for the caller to settle (``afterSupersession(of:by:_:)``) once done.
    @discardableResult
    static func assign(
        _ assignments: [AssignmentRecord], detail: String? = nil, actor: String, _ db: PostgresTransaction
    ) async throws -> Set<String> {
        guard let first = assignments.first else { return [] }
        let now = Date()
        let supersedable = AssignmentStateMachine.supersedable.map(\.rawValue)
        let superseded = "superseded by deployment \(first.deploymentId)"
        // The devices' rows first (in one order): a concurrent assignment of the same devices waits,
        // then sees and supersedes these, as SQLite's single writer would.
        try await db.execute(
            "SELECT 1 FROM device WHERE id = ANY(\(assignments.map(\.deviceId))::text[]) ORDER BY id FOR UPDATE")
        let overtaken = try await db.all(
            """
            WITH moved AS (
                UPDATE assignment SET state = 'superseded', detail = \(superseded), updated_at = \(now)
                WHERE device_id = ANY(\(assignments.map(\.deviceId))::text[]) AND state = ANY(\(supersedable)::text[])
                RETURNING id, deployment_id),
            logged AS (
                INSERT INTO assignment_event (assignment_id, state, detail, actor, at)
                SELECT id, 'superseded', \(superseded), \(actor), \(now) FROM moved ORDER BY id)
            SELECT DISTINCT deployment_id FROM moved
            """
        ).map { try $0("deployment_id", as: String.self) }
        let rows = try PostgresJSON.text(assignments.map(AssignmentRow.init))
        try await db.execute(
            """
            INSERT INTO assignment (id, deployment_id, device_id, artifact_id, backend, state, stage, purpose, previous_artifact_id,
                                    previous_backend, created_at, updated_at)
            SELECT "id", "deploymentId", "deviceId", "artifactId", "backend", "state", "stage", "purpose", "previousArtifactId",
                   "previousBackend", to_timestamp("createdAt" / 1000.0), to_timestamp("createdAt" / 1000.0)
            FROM ROWS FROM (
                jsonb_to_recordset(\(rows)::jsonb) AS (
                    "id" text, "deploymentId" text, "deviceId" text, "artifactId" text, "backend" text, "state" text, "stage" bigint,
                    "purpose" text, "previousArtifactId" text, "previousBackend" text, "createdAt" float8)
            ) WITH ORDINALITY AS a(
                "id", "deploymentId", "deviceId", "artifactId", "backend", "state", "stage", "purpose", "previousArtifactId",
                "previousBackend", "createdAt", n)
            ORDER BY n
            """)
        try await db.execute(
            """
            INSERT INTO assignment_event (assignment_id, state, detail, actor, at)
            SELECT id, state, \(detail), \(actor), created_at FROM assignment WHERE id = ANY(\(assignments.map(\.id))::text[]) ORDER BY seq
            """)
        return Set(overtaken).subtracting([first.deploymentId])
    }

    /// Moves an assignment to `state`, with an event; the health fields are written too.
    static func transition(
        _ assignment: inout AssignmentRecord, to state: AssignmentState, detail: String?, actor: String, _ db: PostgresTransaction
    ) async throws {
        let now = Date()
        assignment.state = state
        assignment.detail = detail
        assignment.updatedAt = now
        try await db.execute(
            """
            UPDATE assignment SET state = \(state.rawValue), detail = \(detail), updated_at = \(now),
                health_latency_ms = \(assignment.healthLatencyMs), health_budget_ms = \(assignment.healthBudgetMs),
                health_reports = \(try PostgresJSON.text(assignment.healthReports))::jsonb
            WHERE id = \(assignment.id)
            """)
        try await db.execute(
            """
            INSERT INTO assignment_event (assignment_id, state, detail, actor, at)
            VALUES (\(assignment.id), \(state.rawValue), \(detail), \(actor), \(now))
            """)
    }

    /// A stable pseudo-random order of devices within a deployment (the SQLite store's).
    private static func spread(_ deploymentId: String, _ deviceId: String) -> String {
        SHA256.hash(data: Data("\(deploymentId)/\(deviceId)".utf8)).hexString
    }

    static func details(of deploymentId: String, _ db: PostgresTransaction) async throws -> DeploymentDetails {
        let deployment = try await deployment(id: deploymentId, db)
        guard let details = try await details(of: [deployment], db).first else {
            throw StoreError(.notFound, "no deployment \(deploymentId)")
        }
        return details
    }

    /// Deployments with their assignments (in stage and creation order, with artifact, device name
    /// and history) and their fleet events: three statements, however many assignments.
    static func details(of deployments: [DeploymentRecord], _ db: PostgresTransaction) async throws -> [DeploymentDetails] {
        guard !deployments.isEmpty else { return [] }
        let ids = deployments.map(\.id)
        let assignments = try await assignmentDetails(deploymentIds: ids, db)
        let events = try await db.all(
            """
            SELECT \(unescaped: FleetEventRecord.postgresColumns.select()) FROM fleet_event
            WHERE deployment_id = ANY(\(ids)::text[]) ORDER BY id
            """
        ).map(FleetEventRecord.init)
        let assignmentsByDeployment = Dictionary(grouping: assignments, by: \.assignment.deploymentId)
        let eventsByDeployment = Dictionary(grouping: events) { $0.deploymentId ?? "" }
        return deployments.map { deployment in
            DeploymentDetails(
                deployment: deployment, assignments: assignmentsByDeployment[deployment.id] ?? [],
                events: eventsByDeployment[deployment.id] ?? [])
        }
    }

    static func details(ofAssignment id: String, _ db: PostgresTransaction) async throws -> AssignmentDetails {
        guard let details = try await assignmentDetails(assignmentId: id, db).first else {
            throw StoreError(.notFound, "assignment \(id) lost its artifact or device")
        }
        return details
    }

    /// The assignments of `deploymentIds`, or assignment `assignmentId`, with artifact, device name
    /// and history, in stage and creation order.
    private static func assignmentDetails(
        deploymentIds: [String] = [], assignmentId: String? = nil, _ db: PostgresTransaction
    ) async throws -> [AssignmentDetails] {
        let rows = try await db.all(
            """
            SELECT \(unescaped: AssignmentRecord.postgresColumns.select("s")),
                   \(unescaped: ArtifactRecord.postgresColumns.select("a", prefix: "a_")),
                   d.name AS device_name
            FROM assignment s JOIN artifact a ON a.id = s.artifact_id JOIN device d ON d.id = s.device_id
            WHERE s.deployment_id = ANY(\(deploymentIds)::text[]) OR s.id = \(assignmentId)
            ORDER BY s.stage, s.created_at, s.seq
            """)
        let history = try await db.all(
            """
            SELECT \(unescaped: AssignmentEventRecord.postgresColumns.select("e"))
            FROM assignment_event e JOIN assignment s ON s.id = e.assignment_id
            WHERE s.deployment_id = ANY(\(deploymentIds)::text[]) OR s.id = \(assignmentId)
            ORDER BY e.id
            """)
        let events = Dictionary(grouping: try history.map(AssignmentEventRecord.init), by: \.assignmentId)
        return try rows.map { c in
            let assignment = try AssignmentRecord(c)
            return AssignmentDetails(
                assignment: assignment, deviceName: try c("device_name"), artifact: try ArtifactRecord(c.prefixed("a_")),
                history: events[assignment.id] ?? [])
        }
    }
}

/// An assignment as `assign` sends it to `jsonb_to_recordset` (the creation time in milliseconds).
private struct AssignmentRow: Encodable {
    var id, deploymentId, deviceId, artifactId, backend, state: String
    var stage: Int
    var purpose: String
    var previousArtifactId, previousBackend: String?
    var createdAt: Double

    init(_ a: AssignmentRecord) {
        (id, deploymentId, deviceId, artifactId, backend, state) = (
            a.id, a.deploymentId, a.deviceId, a.artifactId, a.backend, a.state.rawValue
        )
        (stage, purpose, previousArtifactId, previousBackend) = (a.stage, a.purpose.rawValue, a.previousArtifactId, a.previousBackend)
        createdAt = a.createdAt.timeIntervalSince1970 * 1000
    }
}
