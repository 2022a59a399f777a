import Foundation
import GRDB

/// Typed access to the registry's records. Every write is one transaction; constraint failures
/// come back as ``StoreError`` with a kind a service can map to an HTTP status.
public struct RegistryStore: Sendable {
    public let database: RegistryDatabase

    public init(database: RegistryDatabase) {
        self.database = database
    }

    // MARK: Artifacts

    /// Stores `artifact` and asks every device to benchmark it; storing the same id again returns the
    /// record already there.
    @discardableResult
    public func addArtifact(_ artifact: ArtifactRecord) async throws -> ArtifactRecord {
        try await write { db in
            if var existing = try ArtifactRecord.fetchOne(db, key: artifact.id) {
                guard existing.deletedAt != nil else { return existing }
                existing.deletedAt = nil  // pushed again after a deletion: back, and benchmarked again
                try existing.update(db)
                try Self.addJobs(forArtifact: artifact.id, db)
                return existing
            }
            try artifact.insert(db)
            try Self.addJobs(forArtifact: artifact.id, db)
            return artifact
        }
    }

    public func artifact(id: String) async throws -> ArtifactRecord {
        try await read { db in
            guard let artifact = try ArtifactRecord.fetchOne(db, key: id) else { throw StoreError(.notFound, "no artifact \(id)") }
            guard artifact.deletedAt == nil else { throw StoreError(.notFound, "artifact \(id) was deleted") }
            return artifact
        }
    }

    /// Artifacts not deleted, newest first, optionally filtered.
    public func artifacts(variant: String?, precision: String?) async throws -> [ArtifactRecord] {
        try await read { db in
            var request = ArtifactRecord.filter(Column("deletedAt") == nil)
            if let variant { request = request.filter(Column("variant") == variant) }
            if let precision { request = request.filter(Column("precision") == precision) }
            return try request.order(Column("createdAt").desc, Column("id")).fetchAll(db)
        }
    }

    // MARK: Fleets and devices

    /// Creates a fleet; fails with `conflict` if the name is taken.
    public func createFleet(_ fleet: FleetRecord) async throws {
        try await write { db in
            guard try FleetRecord.fetchOne(db, key: fleet.name) == nil else { throw StoreError(.conflict, "fleet '\(fleet.name)' exists") }
            try fleet.insert(db)
        }
    }

    public func fleet(named name: String) async throws -> FleetRecord {
        try await read { db in
            guard let fleet = try FleetRecord.fetchOne(db, key: name) else { throw StoreError(.notFound, "no fleet '\(name)'") }
            return fleet
        }
    }

    public func fleets() async throws -> [FleetRecord] {
        try await read { db in try FleetRecord.order(Column("name")).fetchAll(db) }
    }

    /// Number of devices in one fleet.
    public func deviceCount(fleet: String) async throws -> Int {
        try await read { db in try DeviceRecord.filter(Column("fleetName") == fleet).fetchCount(db) }
    }

    /// Number of devices per fleet name (fleets without devices are absent).
    public func deviceCounts() async throws -> [String: Int] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT fleetName, COUNT(*) AS count FROM device GROUP BY fleetName")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["fleetName"] as String, $0["count"] as Int) })
        }
    }

    /// Enrolls a device and asks it to benchmark every artifact, if ``EnrollmentRule`` lets
    /// `credential` do so. A device of that name in that fleet enrolling again keeps its id,
    /// history and results but gets the new token and hardware report (the old token stops
    /// working): this is how a device's token is rotated, and how an operator recovers a device
    /// that lost its token. Returns the stored device and whether it was new.
    ///
    /// - Throws: ``StoreError`` `unauthorized` for a token that is no credential for this name,
    ///   `forbidden` when the device exists and the credential may not enroll it again.
    public func enroll(
        _ device: DeviceRecord, credential: EnrollmentCredential, now: Date
    ) async throws -> (device: DeviceRecord, isNew: Bool) {
        try await write { db in
            guard try FleetRecord.fetchOne(db, key: device.fleetName) != nil else {
                throw StoreError(.notFound, "no fleet '\(device.fleetName)'")
            }
            let existing = try DeviceRecord.filter(Column("fleetName") == device.fleetName && Column("name") == device.name).fetchOne(db)
            if let reenrolled = try EnrollmentRule.admit(device, credential: credential, existing: existing, now: now) {
                try reenrolled.update(db)
                try FleetEventRecord.append(.reenrolled(reenrolled, with: credential), db)
                return (reenrolled, false)
            }
            try device.insert(db)
            try Self.addJobs(forDevice: device.id, db)
            try FleetEventRecord.append(.enrolled(device), db)
            return (device, true)
        }
    }

    /// Lets the fleet's enrollment token enroll an existing device again until `until` (once):
    /// how an operator recovers a device that lost its token. Returns the device.
    public func approveReenrollment(deviceId: String, until: Date) async throws -> DeviceRecord {
        try await write { db in
            guard var device = try DeviceRecord.fetchOne(db, key: deviceId) else { throw StoreError(.notFound, "no device \(deviceId)") }
            device.reenrollmentApprovedUntil = until
            try device.update(db)
            try FleetEventRecord.append(.reenrollmentApproved(device, until: until), db)
            return device
        }
    }

    /// Replaces a fleet's enrollment token hash (the old token stops working at once).
    public func rotateEnrollmentToken(fleet name: String, tokenHash: String) async throws -> FleetRecord {
        try await write { db in
            guard var fleet = try FleetRecord.fetchOne(db, key: name) else { throw StoreError(.notFound, "no fleet '\(name)'") }
            fleet.enrollmentTokenHash = tokenHash
            try fleet.update(db)
            try FleetEventRecord.append(
                FleetEventRecord(fleetName: name, actor: "operator", kind: "enrollment-token-rotated", detail: nil), db)
            return fleet
        }
    }

    /// Writes a consistent copy of the whole database to `path` with SQLite's online backup,
    /// while the registry keeps serving.
    public func backup(to path: String) async throws {
        do {
            try PrivateFile.restrict(path)
            let destination = try DatabaseQueue(path: path)
            try database.pool.backup(to: destination)
            try destination.close()
        } catch {
            throw StoreError(.io, "backup to \(path) failed: \(error)")
        }
    }

    public func device(id: String) async throws -> DeviceRecord {
        try await read { db in
            guard let device = try DeviceRecord.fetchOne(db, key: id) else { throw StoreError(.notFound, "no device \(id)") }
            return device
        }
    }

    /// The device whose token hashes to `tokenHash`, if any.
    public func device(tokenHash: String) async throws -> DeviceRecord? {
        try await read { db in try DeviceRecord.filter(Column("tokenHash") == tokenHash).fetchOne(db) }
    }

    public func devices(fleet: String?) async throws -> [DeviceRecord] {
        try await read { db in
            var request = DeviceRecord.all()
            if let fleet { request = request.filter(Column("fleetName") == fleet) }
            return try request.order(Column("fleetName"), Column("name")).fetchAll(db)
        }
    }

    /// Sets a device's budgets (nil keeps the current value), with an event in the fleet's history.
    public func setBudget(deviceId: String, latencyBudgetMs: Double?, memoryBudgetMb: Double?) async throws -> DeviceRecord {
        try await write { db in
            guard var device = try DeviceRecord.fetchOne(db, key: deviceId) else { throw StoreError(.notFound, "no device \(deviceId)") }
            let before =
                "latency \(device.latencyBudgetMs.map { "\($0) ms" } ?? "fleet default"), memory "
                + "\(device.memoryBudgetMb.map { "\($0) MB" } ?? "none")"
            if let latencyBudgetMs { device.latencyBudgetMs = latencyBudgetMs }
            if let memoryBudgetMb { device.memoryBudgetMb = memoryBudgetMb }
            try device.update(db)
            let after =
                "latency \(device.latencyBudgetMs.map { "\($0) ms" } ?? "fleet default"), memory "
                + "\(device.memoryBudgetMb.map { "\($0) MB" } ?? "none")"
            try FleetEventRecord.append(
                FleetEventRecord(
                    fleetName: device.fleetName, deviceId: device.id, actor: "operator", kind: "budget-changed",
                    detail: "\(device.name): \(before) → \(after)"), db)
            return device
        }
    }

    // MARK: Benchmark results

    /// Stores a result once and completes the pair's benchmark job: a result whose id is already stored is left alone and `false` is
    /// returned, so that agents can retry posts safely.
    @discardableResult
    public func addResult(_ result: BenchmarkResultRecord) async throws -> Bool {
        try await write { db in
            if try BenchmarkResultRecord.fetchOne(db, key: result.id) != nil { return false }
            guard try DeviceRecord.fetchOne(db, key: result.deviceId) != nil else {
                throw StoreError(.notFound, "no device \(result.deviceId)")
            }
            guard try ArtifactRecord.fetchOne(db, key: result.artifactId) != nil else {
                throw StoreError(.notFound, "no artifact \(result.artifactId)")
            }
            try result.insert(db)
            try Self.completeJob(deviceId: result.deviceId, artifactId: result.artifactId, db)
            return true
        }
    }

    /// Results, newest first, optionally filtered.
    public func results(deviceId: String?, artifactId: String?, since: Date?) async throws -> [BenchmarkResultRecord] {
        try await read { db in
            var request = BenchmarkResultRecord.all()
            if let deviceId { request = request.filter(Column("deviceId") == deviceId) }
            if let artifactId { request = request.filter(Column("artifactId") == artifactId) }
            if let since { request = request.filter(Column("createdAt") >= since) }
            return try request.order(Column("createdAt").desc, Column("id")).fetchAll(db)
        }
    }

    // MARK: Transactions

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await database.pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "database read failed: \(error)")
        }
    }

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await database.pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError(.conflict, "constraint failed: \(error.message ?? "\(error)")")
        } catch {
            throw StoreError(.io, "database write failed: \(error)")
        }
    }
}
