import PropertyBased
import RegistryAPI

/// Generators of valid benchmark results and health reports, and of single-field mutations that
/// break exactly one rule of ``MeasurementRules``, for the property-based tests.
enum MeasurementGenerators {
    /// Valid results: latencies from 0.05 ms (above Lite4's floor on 8 threads) to about 2 s, each
    /// figure at or above the one before, the mean between min and max, 10…100,000 runs, 1…8
    /// threads, any backend name or none. `id` and `artifactId` are placeholders the tests fill.
    static var result: Generator<BenchmarkReport, some SendableSequenceType> {
        zip(
            Gen.double(in: 0.05...500),
            Gen.double(in: 0...1).array(of: 7),
            Gen.int(in: MeasurementRules.minimumRuns...100_000),
            Gen.int(in: 1...8),
            Gen.double(in: 0.1...16_000),
            Gen<String??>.element(of: backends),
            Gen<String?>.element(of: versions)
        ).map { generated in
            let (minMs, spreads, runs, threads, peakRssMb, backend, version) = generated
            let p50 = minMs * (1 + spreads[0])
            let p90 = p50 * (1 + spreads[1])
            let p99 = p90 * (1 + spreads[2])
            let maxMs = p99 * (1 + spreads[3])
            return BenchmarkReport(
                id: "placeholder", artifactId: "placeholder",
                figures: BenchmarkFigures(
                    backend: backend ?? nil, threads: threads, runs: runs,
                    meanMs: minMs + (maxMs - minMs) * spreads[4], stdMs: (maxMs - minMs) * spreads[5] / 2, minMs: minMs, p50Ms: p50,
                    p90Ms: p90,
                    p99Ms: p99, maxMs: maxMs, initMs: 1000 * spreads[6], firstMs: maxMs * (1 + spreads[6]), peakRssMb: peakRssMb,
                    engineVersion: version ?? "0.1.0"))
        }
    }

    /// Backends a result may name (none reads as XNNPACK).
    static let backends: [String?] = [nil, "onednn", "xnnpack", "reference"]
    /// Engine versions a result may carry.
    static let versions = ["0.1.0", "1.12.3-beta.2+onednn", "2026_11"]

    /// Valid health reports: `0.05 ms ≤ p50 ≤ p90 ≤ p99`, at least the minimum runs.
    static var health: Generator<HealthReport, some SendableSequenceType> {
        zip(
            Gen.double(in: 0.05...500), Gen.double(in: 0...1), Gen.double(in: 0...1), Gen.int(in: MeasurementRules.minimumRuns...100_000)
        ).map { generated in
            let (p50, a, b, runs) = generated
            return HealthReport(p50Ms: p50, p90Ms: p50 * (1 + a), p99Ms: p50 * (1 + a) * (1 + b), runs: runs)
        }
    }

    /// A change of one field into an invalid value; `u` in [0, 1) varies the value.
    struct Mutation<Report>: Sendable, CustomStringConvertible {
        /// The JSON field the refusal must name.
        var field: String
        var kind: String
        var apply: @Sendable (inout Report, Double) -> Void
        var description: String { "\(field): \(kind)" }
    }

    typealias ResultMutation = Mutation<BenchmarkReport>
    typealias HealthMutation = Mutation<HealthReport>

    /// Every way one field of a valid result is made invalid. `floor` mutations put the fastest
    /// figure below `latencyFloorMs(macs:threads:)` for an artifact of `macs`.
    static func resultMutations(macs: Int) -> [ResultMutation] {
        [
            .init(field: "runs", kind: "below the minimum") { r, u in r.runs = Int(u * Double(MeasurementRules.minimumRuns)) },
            .init(field: "runs", kind: "negative") { r, u in r.runs = -1 - Int(u * 1000) },
            .init(field: "runs", kind: "above the maximum") { r, u in r.runs = MeasurementRules.maximumRuns + 1 + Int(u * 1000) },
            .init(field: "threads", kind: "zero or negative") { r, u in r.threads = -Int(u * 4) },
            .init(field: "threads", kind: "too many") { r, u in r.threads = MeasurementRules.maximumThreads + 1 + Int(u * 1000) },
            .init(field: "min_ms", kind: "zero") { r, _ in r.minMs = 0 },
            .init(field: "min_ms", kind: "negative") { r, u in r.minMs = -(u + 1e-3) * r.maxMs },
            .init(field: "min_ms", kind: "above p50") { r, u in r.minMs = r.p50Ms * (1.001 + u) },
            .init(field: "p50_ms", kind: "below min") { r, u in r.p50Ms = r.minMs * (0.999 - u * 0.9) },
            .init(field: "p50_ms", kind: "above p90") { r, u in r.p50Ms = r.p90Ms * (1.001 + u) },
            .init(field: "p90_ms", kind: "below p50") { r, u in r.p90Ms = r.p50Ms * (0.999 - u * 0.9) },
            .init(field: "p90_ms", kind: "above p99") { r, u in r.p90Ms = r.p99Ms * (1.001 + u) },
            .init(field: "p90_ms", kind: "negative") { r, u in r.p90Ms = -(u + 1e-3) },
            .init(field: "p99_ms", kind: "below p90") { r, u in r.p99Ms = r.p90Ms * (0.999 - u * 0.9) },
            .init(field: "p99_ms", kind: "above max") { r, u in r.p99Ms = r.maxMs * (1.001 + u) },
            .init(field: "max_ms", kind: "below p99") { r, u in r.maxMs = r.p99Ms * (0.999 - u * 0.9) },
            .init(field: "max_ms", kind: "beyond 10⁹ ms") { r, u in r.maxMs = MeasurementRules.maximumLatencyMs * (1 + u) },
            .init(field: "mean_ms", kind: "above max") { r, u in r.meanMs = r.maxMs * (1.001 + u) },
            .init(field: "mean_ms", kind: "below min") { r, u in r.meanMs = r.minMs * (0.999 - u * 0.9) },
            .init(field: "std_ms", kind: "negative") { r, u in r.stdMs = -(u + 1e-3) },
            .init(field: "init_ms", kind: "negative") { r, u in r.initMs = -(u + 1e-3) * 100 },
            .init(field: "first_ms", kind: "beyond 10⁹ ms") { r, u in r.firstMs = MeasurementRules.maximumLatencyMs * (1 + u) },
            .init(field: "peak_rss_mb", kind: "zero") { r, _ in r.peakRssMb = 0 },
            .init(field: "peak_rss_mb", kind: "negative") { r, u in r.peakRssMb = -(u + 1e-3) * 100 },
            .init(field: "peak_rss_mb", kind: "above 1 TiB") { r, u in r.peakRssMb = MeasurementRules.maximumPeakRSSMB * (1.001 + u) },
            .init(field: "backend", kind: "unknown name") { r, u in r.backend = ["cuda", "XNNPACK", "", "onednn ", "tflite"][Int(u * 5)] },
            .init(field: "engine_version", kind: "empty, long or odd characters") { r, u in
                let tooLong = String(repeating: "1", count: MeasurementRules.maximumEngineVersionLength + 1)
                r.engineVersion = ["", tooLong, "0.1 beta", "v1/2"][Int(u * 4)]
            },
            .init(field: "id", kind: "empty or too long") { r, u in r.id = u < 0.5 ? "" : String(repeating: "x", count: 129) },
            .init(field: "min_ms", kind: "every latency below the physical floor") { r, u in
                // Scale every latency alike so that only the floor is broken.
                let floor = MeasurementRules.latencyFloorMs(macs: macs, threads: r.threads)
                let scale = floor * (0.05 + 0.9 * u) / r.minMs
                r.minMs *= scale
                r.p50Ms *= scale
                r.p90Ms *= scale
                r.p99Ms *= scale
                r.maxMs *= scale
                r.meanMs = r.minMs + (r.maxMs - r.minMs) / 2
            },
        ]
    }

    /// Every way one field of a valid health report is made invalid (`threads`: the device's).
    static func healthMutations(macs: Int, threads: Int) -> [HealthMutation] {
        [
            .init(field: "runs", kind: "below the minimum") { r, u in r.runs = Int(u * Double(MeasurementRules.minimumRuns)) },
            .init(field: "runs", kind: "above the maximum") { r, u in r.runs = MeasurementRules.maximumRuns + 1 + Int(u * 1000) },
            .init(field: "p50_ms", kind: "zero") { r, _ in r.p50Ms = 0 },
            .init(field: "p50_ms", kind: "negative") { r, u in r.p50Ms = -(u + 1e-3) },
            .init(field: "p50_ms", kind: "above p90") { r, u in r.p50Ms = r.p90Ms * (1.001 + u) },
            .init(field: "p90_ms", kind: "zero") { r, _ in r.p90Ms = 0 },
            .init(field: "p90_ms", kind: "below p50") { r, u in r.p90Ms = r.p50Ms * (0.999 - u * 0.9) },
            .init(field: "p90_ms", kind: "above p99") { r, u in r.p90Ms = r.p99Ms * (1.001 + u) },
            .init(field: "p99_ms", kind: "below p90") { r, u in r.p99Ms = r.p90Ms * (0.999 - u * 0.9) },
            .init(field: "p99_ms", kind: "beyond 10⁹ ms") { r, u in r.p99Ms = MeasurementRules.maximumLatencyMs * (1 + u) },
            .init(field: "p50_ms", kind: "every latency below the physical floor") { r, u in
                let floor = MeasurementRules.latencyFloorMs(macs: macs, threads: threads)
                let scale = floor * (0.05 + 0.9 * u) / r.p50Ms
                r.p50Ms *= scale
                r.p90Ms *= scale
                r.p99Ms *= scale
            },
        ]
    }
}
