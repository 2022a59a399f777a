import Crypto
import EffCore
import Foundation
import GRDB
import RegistryAPI
import RegistryStore

/// A deterministic synthetic fleet, written with prepared statements in large transactions.
struct SeedFleet: Sendable {
    var fleet: String
    var deviceCount: Int
    var classCount: Int
    var artifactCount: Int
    var resultsPerDevice: Int

    /// Rows written.
    struct Counts: Sendable {
        var artifacts = 0
        var devices = 0
        var results = 0
        var jobs = 0
    }

    /// The bearer token of the device at `position`: deterministic, so that benchmarks can use it.
    static func token(fleet: String, position: Int) -> String {
        hex(SHA256.hash(data: Data("seed:\(fleet):\(position)".utf8)))
    }

    /// The id of the artifact at `position`: 64 hex digits, like a sha256.
    static func artifactID(_ position: Int) -> String {
        hex(SHA256.hash(data: Data("seed-artifact:\(position)".utf8)))
    }

    static func deviceID(fleet: String, position: Int) -> String {
        "\(fleet)-\(String(format: "%07d", position))"
    }

    private static let variants = ["lite0", "lite1", "lite2", "lite3", "lite4"]
    private static let top1FP32 = [75.1, 76.7, 77.6, 79.8, 81.5]
    private static let top1INT8 = [74.4, 75.9, 77.0, 79.0, 80.2]

    func write(to database: RegistryDatabase, devicesPerTransaction: Int) async throws -> Counts {
        var counts = Counts()
        let fleet = self.fleet
        let artifactIDs = (0..<artifactCount).map(Self.artifactID)
        counts.artifacts = try await database.pool.write { [self] db in
            guard try FleetRecord.fetchOne(db, key: fleet) == nil else {
                throw StoreError(.conflict, "fleet '\(fleet)' exists: seed into a fresh data folder or pick another --fleet")
            }
            try FleetRecord(
                name: fleet, enrollmentTokenHash: Self.hex(SHA256.hash(data: Data("seed-enroll:\(fleet)".utf8))), latencyBudgetMs: 20,
                percentile: .p90
            ).insert(db)
            var added = 0
            for (position, id) in artifactIDs.enumerated() where try !ArtifactRecord.exists(db, key: id) {
                let variant = position / 2 % Self.variants.count
                let int8 = !position.isMultiple(of: 2)
                try ArtifactRecord(
                    id: id, variant: Self.variants[variant], precision: int8 ? "int8" : "fp32",
                    sizeBytes: 5_000_000 * (variant + 1) / (int8 ? 4 : 1),
                    origin: "seed", isSynthetic: false, publishedTop1: int8 ? Self.top1INT8[variant] : Self.top1FP32[variant]
                ).insert(db)
                added += 1
            }
            return added
        }
        var random = SplitMix64(seed: 20_261_126)
        let classSpeeds = (0..<classCount).map { _ in Double.random(in: 0.3...3.0, using: &random) }
        let classHardware = try (0..<classCount).map { position -> String in
            let report = HardwareReport(
                cpuModel: "Seed CPU \(position)", cores: 1 << (position % 4), memoryMb: 512 << (position % 6),
                architecture: position.isMultiple(of: 3) ? "x86_64" : "aarch64", backend: "xnnpack", threads: 1 + position % 4)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(report), as: UTF8.self)
        }
        let classNames = try classHardware.map { json in
            try JSONDecoder().decode(HardwareReport.self, from: Data(json.utf8)).hardwareClass
        }
        var start = 0
        while start < deviceCount {
            let end = min(deviceCount, start + devicesPerTransaction)
            var rows: [DeviceRows] = []
            rows.reserveCapacity(end - start)
            for position in start..<end {
                rows.append(deviceRows(position: position, random: &random, classSpeeds: classSpeeds, artifactIDs: artifactIDs))
            }
            let batch = rows
            let written = try await database.pool.write { db in
                try Self.insert(batch, fleet: fleet, classHardware: classHardware, classNames: classNames, db)
            }
            counts.devices += batch.count
            counts.results += written.results
            counts.jobs += written.jobs
            start = end
        }
        return counts
    }

    /// One device and what it measured.
    private struct DeviceRows: Sendable {
        var position: Int
        var hardwareClass: Int
        var latencyBudgetMs: Double?
        var memoryBudgetMb: Double?
        var currentArtifact: String?
        /// (artifact id, p50, peak RSS)
        var results: [(String, Double, Double)]
    }

    private func deviceRows(position: Int, random: inout SplitMix64, classSpeeds: [Double], artifactIDs: [String]) -> DeviceRows {
        let hardwareClass = Int.random(in: 0..<classCount, using: &random)
        let current = Int.random(in: -1..<artifactCount, using: &random)
        var rows = DeviceRows(
            position: position, hardwareClass: hardwareClass,
            latencyBudgetMs: Bool.random(using: &random) ? nil : Double.random(in: 4...60, using: &random).rounded(),
            memoryBudgetMb: Bool.random(using: &random) ? nil : Double.random(in: 40...300, using: &random).rounded(),
            currentArtifact: current < 0 ? nil : artifactIDs[current], results: [])
        for offset in 0..<resultsPerDevice {
            let artifact = (position + offset * 7) % artifactCount
            let base = (artifact.isMultiple(of: 2) ? 12.0 : 5.0) * Double(artifact / 2 % 5 + 2) / 2
            let rss = (artifact.isMultiple(of: 2) ? 60.0 : 25.0) * Double(artifact / 2 % 5 + 2) / 2
            let p50 = base * classSpeeds[hardwareClass] * Double.random(in: 0.9...1.1, using: &random)
            rows.results.append((artifactIDs[artifact], p50, rss * Double.random(in: 0.95...1.05, using: &random)))
        }
        return rows
    }

    private static func insert(
        _ rows: [DeviceRows], fleet: String, classHardware: [String], classNames: [String], _ db: Database
    ) throws -> (results: Int, jobs: Int) {
        let now = Date()
        let device = try db.makeStatement(
            sql: """
                INSERT INTO device (id, name, fleetName, tokenHash, hardwareClass, hardware, engineVersion, latencyBudgetMs, memoryBudgetMb,
                                    lastSeenAt, createdAt, currentArtifactId)
                VALUES (?, ?, ?, ?, ?, ?, 'seed', ?, ?, ?, ?, ?)
                """)
        let result = try db.makeStatement(
            sql: """
                INSERT OR IGNORE INTO benchmarkResult (id, deviceId, artifactId, threads, runs, meanMs, stdMs, minMs, p50Ms, p90Ms,
                                                       p99Ms, maxMs, initMs, firstMs, peakRssMb, engineVersion, createdAt)
                VALUES (?, ?, ?, 1, 100, ?4, 0.1, ?4 * 0.95, ?4, ?4 * 1.2, ?4 * 1.5, ?4 * 1.8, 20, ?4 * 1.3, ?5, 'seed', ?6)
                """)
        let job = try db.makeStatement(
            sql: """
                INSERT OR IGNORE INTO benchmarkJob (id, deviceId, artifactId, state, createdAt, updatedAt) VALUES (?, ?, ?, 'done', ?4, ?4)
                """)
        var results = 0
        var jobs = 0
        for row in rows {
            let id = deviceID(fleet: fleet, position: row.position)
            try device.execute(arguments: [
                id, "edge-\(row.position)", fleet, hex(SHA256.hash(data: Data(token(fleet: fleet, position: row.position).utf8))),
                classNames[row.hardwareClass], classHardware[row.hardwareClass], row.latencyBudgetMs, row.memoryBudgetMb, now, now,
                row.currentArtifact,
            ])
            for (artifact, p50, rss) in row.results {
                try result.execute(arguments: ["seed-\(id)-\(artifact.prefix(12))", id, artifact, p50, rss, now])
                results += db.changesCount
                try job.execute(arguments: ["job-\(id)-\(artifact.prefix(12))", id, artifact, now])
                jobs += db.changesCount
            }
        }
        return (results, jobs)
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
