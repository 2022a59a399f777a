import EffCore
import Planner

/// Short constructors for planner inputs, with defaults that stay out of the way.
enum Fixtures {
    static func artifact(
        _ id: String,
        _ variant: Variant = .lite0,
        _ precision: Precision = .fp32,
        top1: Double,
        synthetic: Bool = false
    ) -> ArtifactDescriptor {
        ArtifactDescriptor(id: id, variant: variant, precision: precision, top1: top1, isSynthetic: synthetic)
    }

    static func device(
        _ id: String,
        hardwareClass: String = "pi4",
        latencyBudgetMs: Double,
        memoryMb: Double? = nil,
        current: String? = nil
    ) -> FleetDevice {
        FleetDevice(
            id: id,
            name: "device \(id)",
            hardwareClass: hardwareClass,
            latencyBudgetMs: latencyBudgetMs,
            memoryBudgetMb: memoryMb,
            currentArtifactID: current
        )
    }

    /// A measurement whose percentiles default to the one before (p90 = p50, p99 = p90).
    static func measurement(
        _ deviceID: String,
        _ artifactID: String,
        p50: Double,
        p90: Double? = nil,
        p99: Double? = nil,
        rssMB: Double = 100,
        backend: String = "xnnpack"
    ) -> LatencyMeasurement {
        let p90 = p90 ?? p50
        return LatencyMeasurement(
            deviceID: deviceID,
            artifactID: artifactID,
            backend: backend,
            p50Ms: p50,
            p90Ms: p90,
            p99Ms: p99 ?? p90,
            peakRssMb: rssMB
        )
    }

    static func plan(
        devices: [FleetDevice],
        artifacts: [ArtifactDescriptor],
        measurements: [LatencyMeasurement] = [],
        policy: PlanningPolicy = PlanningPolicy()
    ) throws -> FleetPlan {
        try FleetPlanner.plan(
            PlanningInput(devices: devices, artifacts: artifacts, measurements: measurements, policy: policy)
        )
    }
}
