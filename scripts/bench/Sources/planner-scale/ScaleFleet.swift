import EffCore
import Planner

/// The shape of a synthetic fleet to plan.
struct ScaleFleet {
    var deviceCount: Int
    var classCount: Int
    var artifactCount: Int
    /// Artifacts measured on each device (rotating over all artifacts, so that every class has
    /// medians for every artifact), the rest predicted from class medians.
    var measuredPerDevice: Int

    /// Builds the input deterministically. Every 97th class never measured the last artifact, so its
    /// devices get benchmark jobs.
    func input() -> PlanningInput {
        var random = SplitMix64(seed: 20_240_611)
        let artifacts = (0..<self.artifactCount).map { position in
            ArtifactDescriptor(
                id: Self.fakeSHA256(position),
                variant: Variant.allCases[position / 2 % Variant.allCases.count],
                precision: position.isMultiple(of: 2) ? .fp32 : .int8,
                top1: 74 + Double(position / 2) * 1.5 - (position.isMultiple(of: 2) ? 0 : 0.7)
            )
        }
        let baseLatencies = (0..<self.artifactCount).map { position in
            (position.isMultiple(of: 2) ? 12.0 : 5.0) * Double(position / 2 + 2) / 2
        }
        let baseRSSes = (0..<self.artifactCount).map { position in
            (position.isMultiple(of: 2) ? 60.0 : 25.0) * Double(position / 2 + 2) / 2
        }
        let classSpeeds = (0..<self.classCount).map { _ in Double.random(in: 0.3...3.0, using: &random) }

        var devices: [FleetDevice] = []
        devices.reserveCapacity(self.deviceCount)
        var measurements: [LatencyMeasurement] = []
        measurements.reserveCapacity(self.deviceCount * self.measuredPerDevice)
        for position in 0..<self.deviceCount {
            let hardwareClass = Int.random(in: 0..<self.classCount, using: &random)
            let id = "dev-\(position)"
            let current = Int.random(in: -1..<self.artifactCount, using: &random)
            devices.append(
                FleetDevice(
                    id: id,
                    name: "edge \(position)",
                    hardwareClass: "class-\(hardwareClass)",
                    latencyBudgetMs: Double.random(in: 4...60, using: &random).rounded(),
                    memoryBudgetMb: Bool.random(using: &random) ? nil : Double.random(in: 40...300, using: &random),
                    currentArtifactID: current < 0 ? nil : artifacts[current].id
                )
            )
            for offset in 0..<self.measuredPerDevice {
                let artifact = (position + offset) % self.artifactCount
                if artifact == self.artifactCount - 1 && hardwareClass.isMultiple(of: 97) {
                    continue
                }
                let p50 = baseLatencies[artifact] * classSpeeds[hardwareClass] * Double.random(in: 0.9...1.1, using: &random)
                measurements.append(
                    LatencyMeasurement(
                        deviceID: id,
                        artifactID: artifacts[artifact].id,
                        p50Ms: p50,
                        p90Ms: p50 * 1.2,
                        p99Ms: p50 * 1.5,
                        peakRssMb: baseRSSes[artifact] * Double.random(in: 0.95...1.05, using: &random)
                    )
                )
            }
        }
        return PlanningInput(devices: devices, artifacts: artifacts, measurements: measurements)
    }

    /// 64 hex digits, distinct per position, like an artifact's SHA-256.
    private static func fakeSHA256(_ position: Int) -> String {
        var random = SplitMix64(seed: UInt64(position))
        return (0..<4).map { _ in
            let hex = String(random.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
