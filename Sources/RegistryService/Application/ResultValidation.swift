import EffCore
import Hummingbird
import RegistryAPI
import RegistryStore

/// The door check of measurements (``MeasurementRules``): a benchmark result or a health report
/// that breaks a rule is a 400 whose message names the field, and nothing is stored.
///
/// The physical floor comes from the catalog's MACs of the artifact's variant; a registry without
/// a catalog, or an artifact of a variant it does not list, checks every rule but the floor.
enum ResultValidation {
    /// Checks a result posted by a device; an unknown artifact is left to the store (a 404).
    static func check(_ report: BenchmarkReport, registry: Registry) async throws {
        var floor: Double?
        let macsByVariant = registry.macsByVariant
        if !macsByVariant.isEmpty,
            let variant = await registry.artifactVariants.variant(
                of: report.artifactId,
                load: {
                    try? await registry.store.artifact(id: report.artifactId).variant
                }),
            let macs = macsByVariant[variant]
        {
            floor = MeasurementRules.latencyFloorMs(macs: macs, threads: report.threads)
        }
        try refuse { () throws(InvalidMeasurementField) in try report.validate(latencyFloorMs: floor) }
    }

    /// Checks a health report of assignment `assignmentId`: its floor is the assigned artifact's
    /// MACs on the threads the device serves with. An assignment that is not the device's is left
    /// to the store (a 404).
    static func check(_ report: HealthReport, assignmentId: String, deviceId: String, registry: Registry) async throws {
        var floor: Double?
        let macsByVariant = registry.macsByVariant
        if !macsByVariant.isEmpty,
            let subject = try await registry.store.healthSubject(assignmentId: assignmentId, deviceId: deviceId),
            let macs = macsByVariant[subject.variant]
        {
            floor = MeasurementRules.latencyFloorMs(macs: macs, threads: subject.threads)
        }
        try refuse { () throws(InvalidMeasurementField) in try report.validate(latencyFloorMs: floor) }
    }

    private static func refuse(_ check: () throws(InvalidMeasurementField) -> Void) throws {
        do {
            try check()
        } catch {
            throw HTTPError(.badRequest, message: error.message)
        }
    }
}

extension Registry {
    /// MACs of each catalog variant by name (`lite0` → 385,187,552): what the physical floor of a
    /// result and the planning snapshot's checks are computed from. Empty without a catalog.
    var macsByVariant: [String: Int] {
        Dictionary((catalog?.variants ?? []).map { ($0.name, $0.macs) }, uniquingKeysWith: { first, _ in first })
    }
}
