import FleetModel
import Foundation
import PostgresNIO
import RegistryStore

extension PostgresStore {
    // MARK: Artifacts

    /// Stores `artifact` and asks every device to benchmark it; storing the same id again returns the
    /// record already there.
    @discardableResult
    public func addArtifact(_ artifact: ArtifactRecord) async throws -> ArtifactRecord {
        try await write { db in
            let a = artifact
            let inserted = try await db.execute(
                """
                INSERT INTO artifact (id, variant, precision, size_bytes, origin, is_synthetic, published_top1, measured_top1,
                                      top1_source, top1_detail, agreement_inputs, agreement_disagreements, disagreement_upper_bound,
                                      created_at)
                VALUES (\(a.id), \(a.variant), \(a.precision), \(a.sizeBytes), \(a.origin), \(a.isSynthetic), \(a.publishedTop1),
                        \(a.measuredTop1), \(a.top1Source), \(a.top1Detail), \(a.agreementInputs), \(a.agreementDisagreements),
                        \(a.disagreementUpperBound), \(a.createdAt))
                ON CONFLICT (id) DO NOTHING RETURNING 1
                """)
            guard inserted == 1 else {
                // Pushed again after a deletion: back, and benchmarked again.
                let revived = try await db.execute(
                    "UPDATE artifact SET deleted_at = NULL WHERE id = \(artifact.id) AND deleted_at IS NOT NULL RETURNING 1")
                if revived == 1 { try await Self.addJobs(forArtifact: artifact.id, db) }
                return try await Self.artifact(id: artifact.id, db)
            }
            try await Self.addJobs(forArtifact: artifact.id, db)
            return artifact
        }
    }

    public func artifact(id: String) async throws -> ArtifactRecord {
        try await read { db in
            let artifact = try await Self.artifact(id: id, db)
            guard artifact.deletedAt == nil else { throw StoreError(.notFound, "artifact \(id) was deleted") }
            return artifact
        }
    }

    /// Artifacts not deleted, newest first, optionally filtered.
    public func artifacts(variant: String?, precision: String?) async throws -> [ArtifactRecord] {
        try await read { db in
            try await db.all(
                """
                SELECT \(unescaped: ArtifactRecord.postgresColumns.select()) FROM artifact
                WHERE deleted_at IS NULL AND (\(variant)::text IS NULL OR variant = \(variant))
                  AND (\(precision)::text IS NULL OR precision = \(precision))
                ORDER BY created_at DESC, id
                """
            ).map(ArtifactRecord.init)
        }
    }

    static func artifact(id: String, _ db: PostgresTransaction) async throws -> ArtifactRecord {
        guard let row = try await db.row("SELECT \(unescaped: ArtifactRecord.postgresColumns.select()) FROM artifact WHERE id = \(id)")
        else {
            throw StoreError(.notFound, "no artifact \(id)")
        }
        return try ArtifactRecord(row)
    }

    // MARK: Fleets

    /// Creates a fleet; fails with `conflict` if the name is taken.
    public func createFleet(_ fleet: FleetRecord) async throws {
        try await write { db in
            let inserted = try await db.execute(
                """
                INSERT INTO fleet (name, enrollment_token_hash, latency_budget_ms, percentile, allow_synthetic, created_at)
                VALUES (\(fleet.name), \(fleet.enrollmentTokenHash), \(fleet.latencyBudgetMs), \(fleet.percentile.rawValue),
                        \(fleet.allowSynthetic), \(fleet.createdAt))
                ON CONFLICT (name) DO NOTHING RETURNING 1
                """)
            guard inserted == 1 else { throw StoreError(.conflict, "fleet '\(fleet.name)' exists") }
        }
    }

    public func fleet(named name: String) async throws -> FleetRecord {
        try await read { db in try await Self.fleet(named: name, db) }
    }

    public func fleets() async throws -> [FleetRecord] {
        try await read { db in
            try await db.all("SELECT \(unescaped: FleetRecord.postgresColumns.select()) FROM fleet ORDER BY name").map(FleetRecord.init)
        }
    }

    static func fleet(named name: String, lock: Bool = false, _ db: PostgresTransaction) async throws -> FleetRecord {
        let forUpdate = lock ? " FOR UPDATE" : ""
        guard
            let row = try await db.row(
                "SELECT \(unescaped: FleetRecord.postgresColumns.select()) FROM fleet WHERE name = \(name)\(unescaped: forUpdate)")
        else { throw StoreError(.notFound, "no fleet '\(name)'") }
        return try FleetRecord(row)
    }

    /// Replaces a fleet's enrollment token hash (the old token stops working at once).
    public func rotateEnrollmentToken(fleet name: String, tokenHash: String) async throws -> FleetRecord {
        try await write { db in
            var fleet = try await Self.fleet(named: name, lock: true, db)
            fleet.enrollmentTokenHash = tokenHash
            try await db.execute("UPDATE fleet SET enrollment_token_hash = \(tokenHash) WHERE name = \(name)")
            try await Self.append(FleetEventRecord(fleetName: name, actor: "operator", kind: "enrollment-token-rotated", detail: nil), db)
            return fleet
        }
    }

    // MARK: Devices

    /// Number of devices in one fleet.
    public func deviceCount(fleet: String) async throws -> Int {
        try await read { db in
            try await db.row("SELECT count(*) AS count FROM device WHERE fleet_name = \(fleet)")?("count") ?? 0
        }
    }

    /// Number of devices per fleet name (fleets without devices are absent).
    public func deviceCounts() async throws -> [String: Int] {
        try await read { db in
            let rows = try await db.all("SELECT fleet_name, count(*) AS count FROM device GROUP BY fleet_name")
            return Dictionary(uniqueKeysWithValues: try rows.map { (try $0("fleet_name", as: String.self), try $0("count", as: Int.self)) })
        }
    }

    /// Enrolls a device as ``RegistryStore/RegistryStore/enroll(_:credential:now:)`` does, deciding
    /// with ``RegistryStore/EnrollmentRule`` on the device row locked for the transaction.
    public func enroll(
        _ device: DeviceRecord, credential: EnrollmentCredential, now: Date
    ) async throws -> (device: DeviceRecord, isNew: Bool) {
        try await write { db in
            _ = try await Self.fleet(named: device.fleetName, db)
            let existing = try await db.row(
                """
                SELECT \(unescaped: DeviceRecord.postgresColumns.select()) FROM device
                WHERE fleet_name = \(device.fleetName) AND name = \(device.name)
                FOR UPDATE
                """
            ).map(DeviceRecord.init)
            if let reenrolled = try EnrollmentRule.admit(device, credential: credential, existing: existing, now: now) {
                try await db.execute(
                    """
                    UPDATE device SET token_hash = \(reenrolled.tokenHash), hardware = \(try PostgresJSON.text(reenrolled.hardware))::jsonb,
                        hardware_class = \(reenrolled.hardwareClass), engine_version = \(reenrolled.engineVersion),
                        last_seen_at = \(reenrolled.lastSeenAt), reenrollment_approved_until = NULL
                    WHERE id = \(reenrolled.id)
                    """)
                try await Self.notifyRevoked(deviceId: reenrolled.id, db)
                try await Self.append(.reenrolled(reenrolled, with: credential), db)
                return (reenrolled, false)
            }
            let d = device
            let created = try await db.execute(
                """
                INSERT INTO device (id, name, fleet_name, token_hash, hardware_class, hardware, engine_version, latency_budget_ms,
                                    memory_budget_mb, last_seen_at, created_at, current_artifact_id, current_backend,
                                    reenrollment_approved_until)
                VALUES (\(d.id), \(d.name), \(d.fleetName), \(d.tokenHash), \(d.hardwareClass),
                        \(try PostgresJSON.text(d.hardware))::jsonb,
                        \(d.engineVersion), \(d.latencyBudgetMs), \(d.memoryBudgetMb), \(d.lastSeenAt), \(d.createdAt),
                        \(d.currentArtifactId), \(d.currentBackend), \(d.reenrollmentApprovedUntil))
                ON CONFLICT (fleet_name, name) DO NOTHING RETURNING 1
                """)
            // Another replica enrolled the name meanwhile: decide again on its device.
            guard created == 1 else { throw TransactionConflict() }
            try await Self.addJobs(forDevice: device.id, db)
            try await Self.append(.enrolled(device), db)
            return (device, true)
        }
    }

    /// Lets the fleet's enrollment token enroll an existing device again until `until` (once).
    public func approveReenrollment(deviceId: String, until: Date) async throws -> DeviceRecord {
        try await write { db in
            var device = try await Self.device(id: deviceId, lock: true, db)
            device.reenrollmentApprovedUntil = until
            try await db.execute("UPDATE device SET reenrollment_approved_until = \(until) WHERE id = \(deviceId)")
            try await Self.append(.reenrollmentApproved(device, until: until), db)
            return device
        }
    }

    public func device(id: String) async throws -> DeviceRecord {
        try await read { db in try await Self.device(id: id, db) }
    }

    /// The device whose token hashes to `tokenHash`, if any.
    public func device(tokenHash: String) async throws -> DeviceRecord? {
        try await read { db in
            try await db.row("SELECT \(unescaped: DeviceRecord.postgresColumns.select()) FROM device WHERE token_hash = \(tokenHash)")
                .map(DeviceRecord.init)
        }
    }

    public func devices(fleet: String?) async throws -> [DeviceRecord] {
        try await read { db in
            try await db.all(
                """
                SELECT \(unescaped: DeviceRecord.postgresColumns.select()) FROM device WHERE \(fleet)::text IS NULL OR fleet_name = \(fleet)
                ORDER BY fleet_name, name
                """
            ).map(DeviceRecord.init)
        }
    }

    /// Sets a device's budgets (nil keeps the current value), with an event in the fleet's history.
    public func setBudget(deviceId: String, latencyBudgetMs: Double?, memoryBudgetMb: Double?) async throws -> DeviceRecord {
        try await write { db in
            var device = try await Self.device(id: deviceId, lock: true, db)
            let before =
                "latency \(device.latencyBudgetMs.map { "\($0) ms" } ?? "fleet default"), memory "
                + "\(device.memoryBudgetMb.map { "\($0) MB" } ?? "none")"
            if let latencyBudgetMs { device.latencyBudgetMs = latencyBudgetMs }
            if let memoryBudgetMb { device.memoryBudgetMb = memoryBudgetMb }
            try await db.execute(
                """
                UPDATE device SET latency_budget_ms = \(device.latencyBudgetMs), memory_budget_mb = \(device.memoryBudgetMb)
                WHERE id = \(deviceId)
                """)
            let after =
                "latency \(device.latencyBudgetMs.map { "\($0) ms" } ?? "fleet default"), memory "
                + "\(device.memoryBudgetMb.map { "\($0) MB" } ?? "none")"
            try await Self.append(
                FleetEventRecord(
                    fleetName: device.fleetName, deviceId: device.id, actor: "operator", kind: "budget-changed",
                    detail: "\(device.name): \(before) → \(after)"), db)
            return device
        }
    }

    /// Sets `lastSeenAt` of many devices in one statement, never to an earlier time than the one
    /// stored; ids of devices that no longer exist are skipped. Returns how many devices were updated.
    @discardableResult
    public func markSeen(_ seen: [String: Date]) async throws -> Int {
        guard !seen.isEmpty else { return 0 }
        let ids = Array(seen.keys).sorted()  // one lock order for concurrent flushes
        let dates = ids.map { seen[$0]! }
        return try await write { db in
            try await db.execute(
                """
                UPDATE device d SET last_seen_at = s.at FROM unnest(\(ids)::text[], \(dates)::timestamptz[]) AS s(id, at)
                WHERE d.id = s.id AND (d.last_seen_at IS NULL OR d.last_seen_at < s.at)
                RETURNING 1
                """)
        }
    }

    static func device(id: String, lock: Bool = false, _ db: PostgresTransaction) async throws -> DeviceRecord {
        let forUpdate = lock ? " FOR UPDATE" : ""
        guard
            let row = try await db.row(
                "SELECT \(unescaped: DeviceRecord.postgresColumns.select()) FROM device WHERE id = \(id)\(unescaped: forUpdate)")
        else { throw StoreError(.notFound, "no device \(id)") }
        return try DeviceRecord(row)
    }

    /// Appends an event to a fleet's history.
    static func append(_ event: FleetEventRecord, _ db: PostgresTransaction) async throws {
        try await db.execute(
            """
            INSERT INTO fleet_event (fleet_name, deployment_id, device_id, actor, kind, detail, at)
            VALUES (\(event.fleetName), \(event.deploymentId), \(event.deviceId), \(event.actor), \(event.kind), \(event.detail),
                    \(event.at))
            """)
    }

    // MARK: Operations

    /// Not taken by the registry on PostgreSQL: the database's own tools copy it consistently
    /// while it serves (`pg_dump`, or a base backup with WAL archiving; see Docs/OPERATIONS.md).
    public func backup(to path: String) async throws {
        throw StoreError(
            .invalid, "this registry keeps its data in PostgreSQL: back it up with pg_dump or pg_basebackup, not through the registry")
    }
}
