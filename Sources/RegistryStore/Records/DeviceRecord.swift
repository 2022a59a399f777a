import Foundation
import GRDB

/// An enrolled edge device.
public struct DeviceRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device"
    static let fleet = belongsTo(FleetRecord.self)

    /// What an agent reports about its machine.
    public struct Hardware: Codable, Hashable, Sendable {
        public var cpuModel: String
        public var cores: Int
        public var memoryMB: Int
        public var architecture: String
        public var backend: String
        public var threads: Int

        public init(cpuModel: String, cores: Int, memoryMB: Int, architecture: String, backend: String, threads: Int) {
            self.cpuModel = cpuModel
            self.cores = cores
            self.memoryMB = memoryMB
            self.architecture = architecture
            self.backend = backend
            self.threads = threads
        }

        /// Devices in one class are expected to perform alike: same CPU, architecture, cores,
        /// threads and backend.
        public var hardwareClass: String {
            "\(architecture)/\(cpuModel)/\(cores)c/\(threads)t/\(backend)"
        }
    }

    public var id: String
    public var name: String
    public var fleetName: String
    /// sha256 of the device token; the token itself is never stored.
    public var tokenHash: String
    public var hardwareClass: String
    public var hardware: Hardware
    public var engineVersion: String
    public var latencyBudgetMs: Double?
    public var memoryBudgetMB: Double?
    public var lastSeenAt: Date?
    public var createdAt: Date

    public init(
        id: String, name: String, fleetName: String, tokenHash: String, hardware: Hardware, engineVersion: String,
        latencyBudgetMs: Double?, memoryBudgetMB: Double?, lastSeenAt: Date? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.fleetName = fleetName
        self.tokenHash = tokenHash
        self.hardwareClass = hardware.hardwareClass
        self.hardware = hardware
        self.engineVersion = engineVersion
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMB = memoryBudgetMB
        self.lastSeenAt = lastSeenAt
        self.createdAt = createdAt
    }
}
