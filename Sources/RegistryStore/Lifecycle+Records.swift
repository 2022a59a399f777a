import EffCore
import FleetModel

/// What both stores say and keep when operators end things (``FleetStore/deleteDevice(id:actor:)``
/// and its siblings), so that SQLite and PostgreSQL answer alike.
extension StoreError {
    public static func fleetHasDevices(_ name: String, count: Int) -> StoreError {
        StoreError(.conflict, "fleet '\(name)' has \(count.counted("device")): delete them first, or force the deletion")
    }

    /// `users`: the devices running the artifact, or else how many unfinished assignments name it.
    public static func artifactAssigned(_ id: String, devices: [String], assignments: Int) -> StoreError {
        let users = devices.isEmpty ? assignments.counted("unfinished assignment") : "device(s) \(devices.joined(separator: ", "))"
        return StoreError(.conflict, "artifact \(id) is assigned (\(users)): deploy something else first")
    }

    public static func notRunning(_ deployment: DeploymentRecord) -> StoreError {
        StoreError(.conflict, "deployment \(deployment.id) is \(deployment.state.rawValue), not running")
    }
}

extension FleetEventRecord {
    public static func deviceDeleted(_ device: DeviceRecord, actor: String) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: device.fleetName, deviceId: device.id, actor: actor, kind: "device-deleted",
            detail: "\(device.name) decommissioned: its token, results, jobs and assignments are gone")
    }

    public static func fleetDeleted(_ name: String, devices: Int, actor: String) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: name, actor: actor, kind: "fleet-deleted", detail: "with \(devices.counted("device")), its plans and deployments")
    }

    public static func deploymentCancelled(_ deployment: DeploymentRecord, unstarted: Int, actor: String) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: deployment.fleetName, deploymentId: deployment.id, actor: actor, kind: "deployment-cancelled",
            detail: "\(unstarted.counted("assignment")) not started \(unstarted == 1 ? "was" : "were") cancelled")
    }

    public static func remeasureRequested(fleet: String, jobs: Int, actor: String) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: fleet, actor: actor, kind: "remeasure-requested",
            detail: "\(jobs.counted("measured pair")) opened for another round of benchmarks")
    }
}
