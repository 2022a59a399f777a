import CoreMetrics
import Foundation
import RegistryStore

extension RegistryMetrics {
    /// Every deployment state, so that a state without deployments reads 0 rather than vanishing.
    static let deploymentStates = ["running", "completed", "halted"]

    /// Sets the gauges that describe the fleet now (devices online, heartbeat lag, deployments by state).
    func record(_ census: FleetCensus) {
        for (fleet, devices) in census.devices {
            Gauge(label: Label.devices, dimensions: [("fleet", fleet), ("status", "online")], factory: factory).record(devices.online)
            Gauge(label: Label.devices, dimensions: [("fleet", fleet), ("status", "offline")], factory: factory).record(devices.offline)
            Gauge(label: Label.heartbeatLag, dimensions: [("fleet", fleet)], factory: factory).record(devices.heartbeatLagSeconds)
            let deployments = census.deployments[fleet] ?? [:]
            for state in Set(Self.deploymentStates).union(deployments.keys) {
                Gauge(label: Label.deployments, dimensions: [("fleet", fleet), ("state", state)], factory: factory)
                    .record(deployments[state] ?? 0)
            }
        }
    }

    /// Counts a stored or repeated result post.
    func countResult(stored: Bool) {
        (stored ? resultsStored : resultsRepeated).increment()
    }
}
