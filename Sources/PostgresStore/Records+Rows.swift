import FleetModel
import Foundation
import RegistryStore

// The store's records read from PostgreSQL rows (snake_case columns) by name.

extension ArtifactRecord {
    static let postgresColumns = ColumnList(
        """
        id, variant, precision, size_bytes, origin, is_synthetic, published_top1, measured_top1, top1_source, top1_detail,
        agreement_inputs, agreement_disagreements, disagreement_upper_bound, created_at, deleted_at
        """)

    init(_ c: RowValues) throws {
        self.init(
            id: try c("id"), variant: try c("variant"), precision: try c("precision"), sizeBytes: try c("size_bytes"),
            origin: try c("origin"), isSynthetic: try c("is_synthetic"), publishedTop1: try c("published_top1"),
            measuredTop1: try c("measured_top1"), top1Source: try c("top1_source"), top1Detail: try c("top1_detail"),
            agreementInputs: try c("agreement_inputs"), agreementDisagreements: try c("agreement_disagreements"),
            disagreementUpperBound: try c("disagreement_upper_bound"), createdAt: try c("created_at"))
        deletedAt = try c("deleted_at")
    }
}

extension FleetRecord {
    static let postgresColumns = ColumnList("name, enrollment_token_hash, latency_budget_ms, percentile, allow_synthetic, created_at")

    init(_ c: RowValues) throws {
        self.init(
            name: try c("name"), enrollmentTokenHash: try c("enrollment_token_hash"), latencyBudgetMs: try c("latency_budget_ms"),
            percentile: try c.raw("percentile"), allowSynthetic: try c("allow_synthetic"), createdAt: try c("created_at"))
    }
}

extension DeviceRecord {
    static let postgresColumns = ColumnList(
        """
        id, name, fleet_name, token_hash, hardware_class, hardware, engine_version, latency_budget_ms, memory_budget_mb,
        last_seen_at, created_at, current_artifact_id, current_backend, reenrollment_approved_until
        """, json: ["hardware"])

    init(_ c: RowValues) throws {
        guard let hardware = try c.json("hardware", as: HardwareReport.self) else { throw StoreError(.io, "device without hardware") }
        self.init(
            id: try c("id"), name: try c("name"), fleetName: try c("fleet_name"), tokenHash: try c("token_hash"), hardware: hardware,
            engineVersion: try c("engine_version"), latencyBudgetMs: try c("latency_budget_ms"), memoryBudgetMb: try c("memory_budget_mb"),
            lastSeenAt: try c("last_seen_at"), createdAt: try c("created_at"))
        hardwareClass = try c("hardware_class")
        currentArtifactId = try c("current_artifact_id")
        currentBackend = try c("current_backend")
        reenrollmentApprovedUntil = try c("reenrollment_approved_until")
    }
}

extension BenchmarkResultRecord {
    static let postgresColumns = ColumnList(
        """
        id, device_id, artifact_id, backend, threads, runs, mean_ms, std_ms, min_ms, p50_ms, p90_ms, p99_ms, max_ms, init_ms,
        first_ms, peak_rss_mb, engine_version, trials, trial_spread, unstable, intervals, context, created_at
        """, json: ["intervals", "context"])

    init(_ c: RowValues) throws {
        let figures = BenchmarkFigures(
            backend: try c("backend"), threads: try c("threads"), runs: try c("runs"), meanMs: try c("mean_ms"), stdMs: try c("std_ms"),
            minMs: try c("min_ms"), p50Ms: try c("p50_ms"), p90Ms: try c("p90_ms"), p99Ms: try c("p99_ms"), maxMs: try c("max_ms"),
            initMs: try c("init_ms"), firstMs: try c("first_ms"), peakRssMb: try c("peak_rss_mb"), engineVersion: try c("engine_version"),
            trials: try c("trials"), trialSpread: try c("trial_spread"), intervals: try c.json("intervals"),
            unstable: try c("unstable", as: Bool.self), context: try c.json("context"))
        self.init(
            id: try c("id"), deviceId: try c("device_id"), artifactId: try c("artifact_id"), figures: figures,
            createdAt: try c("created_at"))
    }
}

extension BenchmarkJobRecord {
    static let postgresColumns = ColumnList(
        "id, device_id, artifact_id, state, error, round, attempts, retry_after, created_at, updated_at")

    init(_ c: RowValues) throws {
        self.init(
            id: try c("id"), deviceId: try c("device_id"), artifactId: try c("artifact_id"), state: try c.raw("state"),
            error: try c("error"), createdAt: try c("created_at"))
        round = try c("round")
        attempts = try c("attempts")
        retryAfter = try c("retry_after")
        updatedAt = try c("updated_at")
    }
}

extension PlanRecord {
    static let postgresColumns = ColumnList("id, fleet_name, percentile, headroom, allow_synthetic, pending_jobs, created_at")

    init(_ c: RowValues) throws {
        self.init(
            id: try c("id"), fleetName: try c("fleet_name"), percentile: try c.raw("percentile"), headroom: try c("headroom"),
            allowSynthetic: try c("allow_synthetic"), pendingJobs: try c("pending_jobs"), createdAt: try c("created_at"))
    }
}

extension PlanEntryRecord {
    static let postgresColumns = ColumnList(
        """
        plan_id, position, device_id, device_name, latency_budget_ms, memory_budget_mb, decision, artifact_id, variant, precision, backend,
        latency_ms, predicted, top1, top1_source, peak_rss_mb, current_artifact_id, changes_current, reason, candidates
        """, json: ["candidates"])

    init(_ c: RowValues) throws {
        self.init(
            planId: try c("plan_id"), position: try c("position"), deviceId: try c("device_id"), deviceName: try c("device_name"),
            latencyBudgetMs: try c("latency_budget_ms"), memoryBudgetMb: try c("memory_budget_mb"), decision: try c("decision"),
            artifactId: try c("artifact_id"), variant: try c("variant"), precision: try c("precision"), backend: try c("backend"),
            latencyMs: try c("latency_ms"), predicted: try c("predicted"), top1: try c("top1"), top1Source: try c("top1_source"),
            peakRssMb: try c("peak_rss_mb"), currentArtifactId: try c("current_artifact_id"), changesCurrent: try c("changes_current"),
            reason: try c("reason"))
        candidates = try c.json("candidates")
    }
}

extension DeploymentRecord {
    static let postgresColumns = ColumnList(
        """
        id, fleet_name, plan_id, kind, state, stage_count, current_stage, max_failures, rollback_of, created_at, stage_started_at,
        stage_timeout_seconds
        """)

    init(_ c: RowValues) throws {
        self.init(
            id: try c("id"), fleetName: try c("fleet_name"), planId: try c("plan_id"), kind: try c("kind"),
            stageCount: try c("stage_count"), maxFailures: try c("max_failures"), rollbackOf: try c("rollback_of"),
            createdAt: try c("created_at"))
        state = try c.raw("state")
        currentStage = try c("current_stage")
        stageStartedAt = try c("stage_started_at")
        stageTimeoutSeconds = try c("stage_timeout_seconds")
    }
}

extension AssignmentRecord {
    static let postgresColumns = ColumnList(
        """
        id, deployment_id, device_id, artifact_id, backend, state, detail, stage, purpose, previous_artifact_id, previous_backend,
        health_latency_ms, health_budget_ms, health_reports, created_at, updated_at
        """, json: ["health_reports"])

    init(_ c: RowValues) throws {
        self.init(
            id: try c("id"), deploymentId: try c("deployment_id"), deviceId: try c("device_id"), artifactId: try c("artifact_id"),
            backend: try c("backend"), state: try c.raw("state"), stage: try c("stage"), purpose: try c.raw("purpose"),
            previousArtifactId: try c("previous_artifact_id"), previousBackend: try c("previous_backend"), createdAt: try c("created_at"))
        detail = try c("detail")
        healthLatencyMs = try c("health_latency_ms")
        healthBudgetMs = try c("health_budget_ms")
        healthReports = try c.json("health_reports")
        updatedAt = try c("updated_at")
    }
}

extension AssignmentEventRecord {
    static let postgresColumns = ColumnList("id, assignment_id, state, detail, actor, at")

    init(_ c: RowValues) throws {
        self.init(
            assignmentId: try c("assignment_id"), state: try c.raw("state"), detail: try c("detail"), actor: try c("actor"),
            at: try c("at"))
        id = try c("id", as: Int64.self)
    }
}

extension FleetEventRecord {
    static let postgresColumns = ColumnList("id, fleet_name, deployment_id, device_id, actor, kind, detail, at")

    init(_ c: RowValues) throws {
        self.init(
            fleetName: try c("fleet_name"), deploymentId: try c("deployment_id"), deviceId: try c("device_id"), actor: try c("actor"),
            kind: try c("kind"), detail: try c("detail"), at: try c("at"))
        id = try c("id", as: Int64.self)
    }
}
