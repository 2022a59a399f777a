import Foundation
import Logging
import PostgresNIO
import RegistryStore

/// The PostgreSQL schema, as an ordered list of versioned migrations. Never edit a shipped
/// migration; add one. Applied versions are recorded in `schema_migrations`.
///
/// ``migrate(client:logger:)`` applies the missing ones in one transaction, under an advisory
/// lock so that replicas starting together migrate once. A database migrated by a newer registry
/// (a version this one does not know) is refused.
enum PostgresMigrations {
    struct Migration {
        var version: Int
        var name: String
        /// DDL statements (constants, no values), run in order.
        var statements: [String]
    }

    /// Key of the advisory lock held while migrating.
    static let lockKey = 0x4546_464C_4545_5401  // "EFFLEET" 1

    static let all: [Migration] = [
        Migration(version: 1, name: "artifacts, fleets, devices, results, jobs, plans, deployments, assignments, history", statements: v1),
        Migration(version: 2, name: "artifact blobs in chunks", statements: v2),
    ]

    static func migrate(client: PostgresClient, logger: Logger) async throws {
        do {
            try await client.withTransaction(logger: logger) { connection in
                let transaction = PostgresTransaction(connection: connection, logger: logger)
                try await transaction.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
                try await transaction.execute(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """)
                let applied = Set(
                    try await transaction.all("SELECT version FROM schema_migrations").map { try $0("version", as: Int.self) })
                let known = Set(all.map(\.version))
                if let unknown = applied.subtracting(known).max() {
                    throw StoreError(
                        .invalid, "the database has schema version \(unknown), newer than this registry knows (\(known.max() ?? 0))")
                }
                for migration in all where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await transaction.execute(PostgresQuery(unsafeSQL: statement))
                    }
                    try await transaction.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
                    logger.info("database migrated to version \(migration.version): \(migration.name)")
                }
            }
        } catch {
            throw StoreFailure(error).storeError("database migration failed")
        }
    }

    /// Text columns that are sorted or compared like SQLite's (byte order) use `COLLATE "C"`.
    static let v1 = [
        """
        CREATE TABLE artifact (
            id TEXT COLLATE "C" PRIMARY KEY,
            variant TEXT NOT NULL,
            precision TEXT NOT NULL,
            size_bytes BIGINT NOT NULL,
            origin TEXT NOT NULL,
            is_synthetic BOOLEAN NOT NULL,
            published_top1 DOUBLE PRECISION,
            measured_top1 DOUBLE PRECISION,
            top1_source TEXT,
            top1_detail TEXT,
            agreement_inputs BIGINT,
            agreement_disagreements BIGINT,
            disagreement_upper_bound DOUBLE PRECISION,
            created_at TIMESTAMPTZ NOT NULL,
            deleted_at TIMESTAMPTZ)
        """,
        """
        CREATE TABLE fleet (
            name TEXT COLLATE "C" PRIMARY KEY,
            enrollment_token_hash TEXT NOT NULL,
            latency_budget_ms DOUBLE PRECISION NOT NULL,
            percentile TEXT NOT NULL,
            allow_synthetic BOOLEAN NOT NULL DEFAULT false,
            created_at TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE TABLE device (
            id TEXT COLLATE "C" PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL,
            fleet_name TEXT COLLATE "C" NOT NULL REFERENCES fleet (name) ON DELETE RESTRICT,
            token_hash TEXT NOT NULL UNIQUE,
            hardware_class TEXT NOT NULL,
            hardware JSONB NOT NULL,
            engine_version TEXT NOT NULL,
            latency_budget_ms DOUBLE PRECISION,
            memory_budget_mb DOUBLE PRECISION,
            last_seen_at TIMESTAMPTZ,
            created_at TIMESTAMPTZ NOT NULL,
            current_artifact_id TEXT REFERENCES artifact (id) ON DELETE SET NULL,
            current_backend TEXT,
            reenrollment_approved_until TIMESTAMPTZ,
            UNIQUE (fleet_name, name))
        """,
        "CREATE INDEX device_on_fleet_class ON device (fleet_name, hardware_class)",
        """
        CREATE TABLE benchmark_result (
            id TEXT COLLATE "C" PRIMARY KEY,
            device_id TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
            artifact_id TEXT NOT NULL REFERENCES artifact (id) ON DELETE CASCADE,
            backend TEXT NOT NULL DEFAULT 'xnnpack',
            threads BIGINT NOT NULL,
            runs BIGINT NOT NULL,
            mean_ms DOUBLE PRECISION NOT NULL,
            std_ms DOUBLE PRECISION NOT NULL,
            min_ms DOUBLE PRECISION NOT NULL,
            p50_ms DOUBLE PRECISION NOT NULL,
            p90_ms DOUBLE PRECISION NOT NULL,
            p99_ms DOUBLE PRECISION NOT NULL,
            max_ms DOUBLE PRECISION NOT NULL,
            init_ms DOUBLE PRECISION NOT NULL,
            first_ms DOUBLE PRECISION NOT NULL,
            peak_rss_mb DOUBLE PRECISION NOT NULL,
            engine_version TEXT NOT NULL,
            trials BIGINT,
            trial_spread DOUBLE PRECISION,
            unstable BOOLEAN NOT NULL DEFAULT false,
            intervals JSONB,
            context JSONB,
            created_at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX benchmark_result_on_device_artifact ON benchmark_result (device_id, artifact_id, created_at)",
        """
        CREATE TABLE benchmark_job (
            id TEXT COLLATE "C" PRIMARY KEY,
            device_id TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
            artifact_id TEXT NOT NULL REFERENCES artifact (id) ON DELETE CASCADE,
            state TEXT NOT NULL,
            error TEXT,
            round BIGINT NOT NULL DEFAULT 1,
            attempts BIGINT NOT NULL DEFAULT 0,
            retry_after TIMESTAMPTZ,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            UNIQUE (device_id, artifact_id))
        """,
        "CREATE INDEX benchmark_job_on_state_device ON benchmark_job (state, device_id)",
        """
        CREATE TABLE plan (
            id TEXT COLLATE "C" PRIMARY KEY,
            fleet_name TEXT COLLATE "C" NOT NULL REFERENCES fleet (name) ON DELETE CASCADE,
            percentile TEXT NOT NULL,
            headroom DOUBLE PRECISION NOT NULL,
            allow_synthetic BOOLEAN NOT NULL,
            pending_jobs BIGINT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX plan_on_fleet_created_at ON plan (fleet_name, created_at)",
        """
        CREATE TABLE plan_entry (
            plan_id TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
            position BIGINT NOT NULL,
            device_id TEXT NOT NULL,
            device_name TEXT NOT NULL,
            latency_budget_ms DOUBLE PRECISION NOT NULL,
            memory_budget_mb DOUBLE PRECISION,
            decision TEXT NOT NULL,
            artifact_id TEXT,
            variant TEXT,
            precision TEXT,
            backend TEXT,
            latency_ms DOUBLE PRECISION,
            predicted BOOLEAN,
            top1 DOUBLE PRECISION,
            top1_source TEXT,
            peak_rss_mb DOUBLE PRECISION,
            current_artifact_id TEXT,
            changes_current BOOLEAN NOT NULL,
            reason TEXT NOT NULL,
            candidates JSONB,
            PRIMARY KEY (plan_id, position))
        """,
        """
        CREATE TABLE deployment (
            id TEXT COLLATE "C" PRIMARY KEY,
            fleet_name TEXT COLLATE "C" NOT NULL REFERENCES fleet (name) ON DELETE CASCADE,
            plan_id TEXT NOT NULL REFERENCES plan (id) ON DELETE RESTRICT,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            stage_count BIGINT NOT NULL,
            current_stage BIGINT NOT NULL,
            max_failures BIGINT NOT NULL,
            rollback_of TEXT,
            created_at TIMESTAMPTZ NOT NULL,
            stage_started_at TIMESTAMPTZ,
            stage_timeout_seconds DOUBLE PRECISION)
        """,
        "CREATE INDEX deployment_on_fleet_created_at ON deployment (fleet_name, created_at)",
        """
        CREATE TABLE assignment (
            id TEXT COLLATE "C" PRIMARY KEY,
            seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
            deployment_id TEXT NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
            device_id TEXT NOT NULL REFERENCES device (id) ON DELETE CASCADE,
            artifact_id TEXT NOT NULL REFERENCES artifact (id) ON DELETE RESTRICT,
            backend TEXT NOT NULL DEFAULT 'xnnpack',
            state TEXT NOT NULL,
            detail TEXT,
            stage BIGINT NOT NULL,
            purpose TEXT NOT NULL,
            previous_artifact_id TEXT,
            previous_backend TEXT,
            health_latency_ms DOUBLE PRECISION,
            health_budget_ms DOUBLE PRECISION,
            health_reports JSONB,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX assignment_on_deployment_stage ON assignment (deployment_id, stage)",
        "CREATE INDEX assignment_on_device_created_at ON assignment (device_id, created_at)",
        """
        CREATE TABLE assignment_event (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            assignment_id TEXT NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
            state TEXT NOT NULL,
            detail TEXT,
            actor TEXT NOT NULL,
            at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX assignment_event_on_assignment ON assignment_event (assignment_id, id)",
        """
        CREATE TABLE fleet_event (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            fleet_name TEXT NOT NULL,
            deployment_id TEXT,
            device_id TEXT,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT,
            at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX fleet_event_on_fleet ON fleet_event (fleet_name, id)",
        "CREATE INDEX fleet_event_on_deployment ON fleet_event (deployment_id, id)",
        "CREATE INDEX fleet_event_on_device ON fleet_event (device_id, id)",
    ]

    /// Blobs live in the database so every replica can serve them: `blob_chunk` holds the bytes in
    /// pieces of ``PostgresStore/blobChunkSize`` (TOAST stores each out of line), `blob` is written
    /// last in the same transaction, so a `blob` row means a whole blob.
    static let v2 = [
        """
        CREATE TABLE blob_chunk (
            sha256 TEXT COLLATE "C" NOT NULL,
            position INTEGER NOT NULL,
            bytes BYTEA NOT NULL,
            PRIMARY KEY (sha256, position))
        """,
        """
        CREATE TABLE blob (
            sha256 TEXT COLLATE "C" PRIMARY KEY,
            size_bytes BIGINT NOT NULL,
            chunks INTEGER NOT NULL,
            stored_at TIMESTAMPTZ NOT NULL DEFAULT now())
        """,
    ]
}
