import EffCore
import Foundation
import Planner
import RegistryStore

/// What a plan says of the benchmarks given up on a device: `lite2 fp32 not measured: its benchmark
/// failed 4 times, last: <error>`, appended to the device's reason, so that an operator sees why a
/// candidate is missing instead of a device that waits for it forever.
struct AbandonedJobNotes {
    /// Per device id, one note per given-up artifact that the policy would have considered.
    private var notes: [String: [String]] = [:]

    /// Longest last error quoted in a reason.
    static let maximumErrorLength = 200
    /// Most notes in one reason; the rest are counted.
    static let maximumNotes = 3

    init(_ jobs: [BenchmarkJobRecord], artifacts: [ArtifactDescriptor], policy: PlanningPolicy) {
        let eligible = Dictionary(
            artifacts.filter { !$0.isSynthetic || policy.allowSynthetic }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for job in jobs {
            guard let artifact = eligible[job.artifactId] else { continue }
            var error = (job.error ?? "no error given").replacingOccurrences(of: "\n", with: " ")
            if error.count > Self.maximumErrorLength { error = String(error.prefix(Self.maximumErrorLength)) + "…" }
            let note =
                "\(artifact.variant.rawValue) \(artifact.precision.rawValue) not measured: its benchmark failed "
                + "\(job.attempts) time\(job.attempts == 1 ? "" : "s"), last: \(error)"
            notes[job.deviceId, default: []].append(note)
        }
    }

    /// The planner's input form of the given-up pairs.
    static func pairs(_ jobs: [BenchmarkJobRecord]) -> [BenchmarkJob] {
        jobs.map { BenchmarkJob(deviceID: $0.deviceId, artifactID: $0.artifactId) }
    }

    /// `reason`, followed by the notes of `deviceId`, if any.
    func reason(_ reason: String, deviceId: String) -> String {
        guard let notes = notes[deviceId], !notes.isEmpty else { return reason }
        let shown = notes.prefix(Self.maximumNotes).joined(separator: "; ")
        let more = notes.count > Self.maximumNotes ? "; and \(notes.count - Self.maximumNotes) more given up" : ""
        return "\(reason); \(shown)\(more)"
    }
}
