import FleetModel
import Foundation
import GRDB

/// An enrolled edge device.
public struct DeviceRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device"
    static let fleet = belongsTo(FleetRecord.self)

    public var id: String
    public var name: String
    public var fleetName: String
    /// sha256 of the device token; the token itself is never stored.
    public var tokenHash: String
    public var hardwareClass: String
    public var hardware: HardwareReport
    public var engineVersion: String
    public var latencyBudgetMs: Double?
    public var memoryBudgetMb: Double?
    public var lastSeenAt: Date?
    public var createdAt: Date
    /// The artifact the device last reported active.
    public var currentArtifactId: String?
    /// The backend it serves that artifact with (nil before backends were recorded).
    public var currentBackend: String?
    /// Until when an operator allows the fleet's enrollment token to enroll this device again (to
    /// recover a device that lost its token); nil when no approval is open.
    public var reenrollmentApprovedUntil: Date?

    public init(
        id: String, name: String, fleetName: String, tokenHash: String, hardware: HardwareReport, engineVersion: String,
        latencyBudgetMs: Double?, memoryBudgetMb: Double?, lastSeenAt: Date? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.fleetName = fleetName
        self.tokenHash = tokenHash
        self.hardwareClass = hardware.hardwareClass
        self.hardware = hardware
        self.engineVersion = engineVersion
        self.latencyBudgetMs = latencyBudgetMs
        self.memoryBudgetMb = memoryBudgetMb
        self.lastSeenAt = lastSeenAt
        self.createdAt = createdAt
    }
}
