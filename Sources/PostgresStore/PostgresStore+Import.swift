import Foundation
import PostgresNIO
import RegistryStore

extension PostgresStore {
    /// Stores every record of `export` in this (empty) database in one transaction, keeping ids,
    /// times, states and history as they were; fails with `conflict` if the database holds records.
    public func importRecords(_ export: RegistryExport) async throws {
        try await write { db in
            for table in RecordTable.all.map(\.name) where try await db.exists("SELECT 1 FROM \(unescaped: table) LIMIT 1") {
                throw StoreError(.conflict, "the database already holds records (table \(table)): migrate into an empty database")
            }
            try await RecordTable.artifact.insert(export.artifacts, db)
            try await RecordTable.fleet.insert(export.fleets, db)
            try await RecordTable.device.insert(export.devices, db)
            try await RecordTable.benchmarkResult.insert(export.results, db)
            try await RecordTable.benchmarkJob.insert(export.jobs, db)
            try await RecordTable.plan.insert(export.plans, db)
            try await RecordTable.planEntry.insert(export.planEntries, db)
            try await RecordTable.deployment.insert(export.deployments, db)
            try await RecordTable.assignment.insert(export.assignments, db)
            try await RecordTable.assignmentEvent.insert(export.assignmentEvents, db)
            try await RecordTable.fleetEvent.insert(export.fleetEvents, db)
            // New events are numbered after the imported ones.
            for table in ["assignment_event", "fleet_event"] {
                try await db.execute(
                    """
                    SELECT setval(pg_get_serial_sequence('\(unescaped: table)', 'id'), coalesce(max(id), 0) + 1, false)
                    FROM \(unescaped: table)
                    """)
            }
        }
    }

    /// Records per table (the tables ``importRecords(_:)`` fills), read in one snapshot.
    public func recordCounts() async throws -> [String: Int] {
        try await read { db in
            var counts: [String: Int] = [:]
            for table in RecordTable.all.map(\.name) {
                counts[table] = try await db.row("SELECT count(*) AS count FROM \(unescaped: table)")?("count", as: Int.self) ?? 0
            }
            return counts
        }
    }
}

/// How one table's records are written in bulk (imports, batches of results): the records' own
/// Codable form (property names as keys, dates in milliseconds) sent as one JSON array per slice of
/// 5,000, turned into rows by `jsonb_to_recordset`. The SQL is built from these constant column lists
/// only; the values travel as one bound parameter.
struct RecordTable {
    struct Column {
        var name: String
        var key: String
        /// `text`, `bigint`, `float8`, `boolean`, `jsonb` or `timestamptz` (sent as milliseconds).
        var type: String
    }

    var name: String
    var columns: [Column]
    /// Ids kept as they were (identity columns).
    var overridingIdentity = false

    /// `"name:key:type"`, comma separated; `key` defaults to the name in camelCase.
    init(_ name: String, _ spec: String, overridingIdentity: Bool = false) {
        self.name = name
        self.overridingIdentity = overridingIdentity
        columns = spec.split(separator: ",").map { item in
            let parts = item.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").map(String.init)
            return Column(name: parts[0], key: parts[1], type: parts.count > 2 ? parts[2] : "text")
        }
    }

    /// Inserts `records` in their order; with `skippingExistingKey`, rows whose key exists are left
    /// alone. Returns the `returning` column of each row inserted (nothing when nil).
    @discardableResult
    func insert<Record: Encodable>(
        _ records: [Record], skippingExistingKey: Bool = false, returning: String? = nil, _ db: PostgresTransaction
    ) async throws -> [RowValues] {
        var inserted: [RowValues] = []
        let definitions = columns.map { "\"\($0.key)\" \($0.type == "timestamptz" ? "float8" : $0.type)" }.joined(separator: ", ")
        let values = columns.map { column in
            column.type == "timestamptz" ? "to_timestamp(r.\"\(column.key)\" / 1000.0)" : "r.\"\(column.key)\""
        }.joined(separator: ", ")
        let keys = columns.map { "\"\($0.key)\"" }.joined(separator: ", ")
        let overriding = overridingIdentity ? "OVERRIDING SYSTEM VALUE" : ""
        let suffix = (skippingExistingKey ? " ON CONFLICT DO NOTHING" : "") + (returning.map { " RETURNING \($0)" } ?? "")
        for start in stride(from: 0, to: records.count, by: 5000) {
            let json = try PostgresJSON.text(Array(records[start..<min(start + 5000, records.count)])) ?? "[]"
            inserted += try await db.all(
                """
                INSERT INTO \(unescaped: name) (\(unescaped: columns.map(\.name).joined(separator: ", "))) \(unescaped: overriding)
                SELECT \(unescaped: values)
                FROM ROWS FROM (jsonb_to_recordset(\(json)::jsonb) AS (\(unescaped: definitions)))
                    WITH ORDINALITY AS r(\(unescaped: keys), n)
                ORDER BY n\(unescaped: suffix)
                """)
        }
        return inserted
    }

    static let artifact = RecordTable(
        "artifact",
        """
        id:id, variant:variant, precision:precision, size_bytes:sizeBytes:bigint, origin:origin, is_synthetic:isSynthetic:boolean,
        published_top1:publishedTop1:float8, measured_top1:measuredTop1:float8, top1_source:top1Source, top1_detail:top1Detail,
        agreement_inputs:agreementInputs:bigint, agreement_disagreements:agreementDisagreements:bigint,
        disagreement_upper_bound:disagreementUpperBound:float8, created_at:createdAt:timestamptz, deleted_at:deletedAt:timestamptz
        """)
    static let fleet = RecordTable(
        "fleet",
        """
        name:name, enrollment_token_hash:enrollmentTokenHash, latency_budget_ms:latencyBudgetMs:float8, percentile:percentile,
        allow_synthetic:allowSynthetic:boolean, created_at:createdAt:timestamptz
        """)
    static let device = RecordTable(
        "device",
        """
        id:id, name:name, fleet_name:fleetName, token_hash:tokenHash, hardware_class:hardwareClass, hardware:hardware:jsonb,
        engine_version:engineVersion, latency_budget_ms:latencyBudgetMs:float8, memory_budget_mb:memoryBudgetMb:float8,
        last_seen_at:lastSeenAt:timestamptz, created_at:createdAt:timestamptz, current_artifact_id:currentArtifactId,
        current_backend:currentBackend, reenrollment_approved_until:reenrollmentApprovedUntil:timestamptz
        """)
    static let benchmarkResult = RecordTable(
        "benchmark_result",
        """
        id:id, device_id:deviceId, artifact_id:artifactId, backend:backend, threads:threads:bigint, runs:runs:bigint,
        mean_ms:meanMs:float8, std_ms:stdMs:float8, min_ms:minMs:float8, p50_ms:p50Ms:float8, p90_ms:p90Ms:float8,
        p99_ms:p99Ms:float8, max_ms:maxMs:float8, init_ms:initMs:float8, first_ms:firstMs:float8, peak_rss_mb:peakRssMb:float8,
        engine_version:engineVersion, trials:trials:bigint, trial_spread:trialSpread:float8, unstable:unstable:boolean,
        intervals:intervals:jsonb, context:context:jsonb, created_at:createdAt:timestamptz
        """)
    static let benchmarkJob = RecordTable(
        "benchmark_job",
        """
        id:id, device_id:deviceId, artifact_id:artifactId, state:state, error:error, round:round:bigint, attempts:attempts:bigint,
        retry_after:retryAfter:timestamptz, created_at:createdAt:timestamptz, updated_at:updatedAt:timestamptz
        """)
    static let plan = RecordTable(
        "plan",
        """
        id:id, fleet_name:fleetName, percentile:percentile, headroom:headroom:float8, allow_synthetic:allowSynthetic:boolean,
        pending_jobs:pendingJobs:bigint, created_at:createdAt:timestamptz
        """)
    static let planEntry = RecordTable(
        "plan_entry",
        """
        plan_id:planId, position:position:bigint, device_id:deviceId, device_name:deviceName, latency_budget_ms:latencyBudgetMs:float8,
        memory_budget_mb:memoryBudgetMb:float8, decision:decision, artifact_id:artifactId, variant:variant, precision:precision,
        backend:backend, latency_ms:latencyMs:float8, predicted:predicted:boolean, top1:top1:float8, top1_source:top1Source,
        peak_rss_mb:peakRssMb:float8, current_artifact_id:currentArtifactId, changes_current:changesCurrent:boolean,
        reason:reason, candidates:candidates:jsonb
        """)
    static let deployment = RecordTable(
        "deployment",
        """
        id:id, fleet_name:fleetName, plan_id:planId, kind:kind, state:state, stage_count:stageCount:bigint,
        current_stage:currentStage:bigint, max_failures:maxFailures:bigint, rollback_of:rollbackOf, created_at:createdAt:timestamptz,
        stage_started_at:stageStartedAt:timestamptz, stage_timeout_seconds:stageTimeoutSeconds:float8
        """)
    static let assignment = RecordTable(
        "assignment",
        """
        id:id, deployment_id:deploymentId, device_id:deviceId, artifact_id:artifactId, backend:backend, state:state, detail:detail,
        stage:stage:bigint, purpose:purpose, previous_artifact_id:previousArtifactId, previous_backend:previousBackend,
        health_latency_ms:healthLatencyMs:float8, health_budget_ms:healthBudgetMs:float8, health_reports:healthReports:jsonb,
        created_at:createdAt:timestamptz, updated_at:updatedAt:timestamptz
        """)
    static let assignmentEvent = RecordTable(
        "assignment_event", "id:id:bigint, assignment_id:assignmentId, state:state, detail:detail, actor:actor, at:at:timestamptz",
        overridingIdentity: true)
    static let fleetEvent = RecordTable(
        "fleet_event",
        """
        id:id:bigint, fleet_name:fleetName, deployment_id:deploymentId, device_id:deviceId, actor:actor, kind:kind, detail:detail,
        at:at:timestamptz
        """, overridingIdentity: true)

    /// In the order rows can be inserted (foreign keys).
    static let all = [
        artifact, fleet, device, benchmarkResult, benchmarkJob, plan, planEntry, deployment, assignment, assignmentEvent, fleetEvent,
    ]
}
