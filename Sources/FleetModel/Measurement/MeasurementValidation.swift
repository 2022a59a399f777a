/// A field of a benchmark result or health report that breaks ``MeasurementRules``: the registry
/// answers it with a 400 whose message names the field.
public struct InvalidMeasurementField: Error, Hashable, Sendable, CustomStringConvertible {
    /// The JSON name of the offending field (`p90_ms`, `runs`, …).
    public var field: String
    /// `field 'p90_ms' must be ≥ 'p50_ms' (…)`: names the field, and the other one when two disagree.
    public var message: String

    public init(_ field: String, _ requirement: String) {
        self.field = field
        self.message = "field '\(field)' \(requirement)"
    }

    public var description: String { message }
}

extension BenchmarkFigures {
    /// Checks every rule of ``MeasurementRules`` that a result must meet, in a fixed order:
    /// the backend, the engine version, counts, each figure's range, `0 < min ≤ p50 ≤ p90 ≤ p99 ≤ max`,
    /// `min ≤ mean ≤ max`, the physical floor (when `latencyFloorMs` is known: from the artifact's
    /// MACs and the result's threads, ``MeasurementRules/latencyFloorMs(macs:threads:)``), and
    /// `0 < peak_rss_mb ≤ 1 TiB`. Throws for the first rule broken.
    public func validate(latencyFloorMs: Double?) throws(InvalidMeasurementField) {
        if let backend, !MeasurementRules.backends.contains(backend) {
            throw InvalidMeasurementField("backend", "must be one of \(MeasurementRules.backends.sorted().joined(separator: ", "))")
        }
        try MeasurementCheck.engineVersion(engineVersion)
        try MeasurementCheck.count(threads, 1...MeasurementRules.maximumThreads, field: "threads")
        try MeasurementCheck.count(runs, MeasurementRules.minimumRuns...MeasurementRules.maximumRuns, field: "runs")
        for (value, field) in [
            (minMs, "min_ms"), (p50Ms, "p50_ms"), (p90Ms, "p90_ms"), (p99Ms, "p99_ms"), (maxMs, "max_ms"), (meanMs, "mean_ms"),
            (stdMs, "std_ms"), (initMs, "init_ms"), (firstMs, "first_ms"),
        ] {
            try MeasurementCheck.latency(value, field: field)
        }
        try MeasurementCheck.ordered([(minMs, "min_ms"), (p50Ms, "p50_ms"), (p90Ms, "p90_ms"), (p99Ms, "p99_ms"), (maxMs, "max_ms")])
        let slack = maxMs * MeasurementRules.meanRoundingTolerance
        guard meanMs >= minMs - slack, meanMs <= maxMs + slack else {
            throw InvalidMeasurementField("mean_ms", "must lie between 'min_ms' and 'max_ms'")
        }
        try MeasurementCheck.floor(minMs, latencyFloorMs, field: "min_ms")
        guard peakRssMb.isFinite, peakRssMb > 0, peakRssMb <= MeasurementRules.maximumPeakRSSMB else {
            throw InvalidMeasurementField("peak_rss_mb", "must be > 0 and at most \(Int(MeasurementRules.maximumPeakRSSMB)) MB")
        }
    }
}

extension HealthReport {
    /// The rules of ``MeasurementRules`` that apply to an in-service measurement: `runs` at least
    /// ``MeasurementRules/minimumRuns``, `0 < p50 ≤ p90 ≤ p99`, and `p50` above the physical floor
    /// when it is known (from the assigned artifact's MACs and the device's threads).
    public func validate(latencyFloorMs: Double?) throws(InvalidMeasurementField) {
        try MeasurementCheck.count(runs, MeasurementRules.minimumRuns...MeasurementRules.maximumRuns, field: "runs")
        for (value, field) in [(p50Ms, "p50_ms"), (p90Ms, "p90_ms"), (p99Ms, "p99_ms")] {
            try MeasurementCheck.latency(value, field: field)
        }
        try MeasurementCheck.ordered([(p50Ms, "p50_ms"), (p90Ms, "p90_ms"), (p99Ms, "p99_ms")])
        try MeasurementCheck.floor(p50Ms, latencyFloorMs, field: "p50_ms")
    }
}

/// The single checks both reports are made of.
/// The checks ``MeasurementRules`` are made of.
public enum MeasurementCheck {
    static func count(_ value: Int, _ range: ClosedRange<Int>, field: String) throws(InvalidMeasurementField) {
        guard range.contains(value) else { throw InvalidMeasurementField(field, "must be in \(range.lowerBound)…\(range.upperBound)") }
    }

    /// Finite, ≥ 0 and below ``MeasurementRules/maximumLatencyMs``.
    static func latency(_ value: Double, field: String) throws(InvalidMeasurementField) {
        guard value.isFinite, value >= 0, value < MeasurementRules.maximumLatencyMs else {
            throw InvalidMeasurementField(field, "must be a finite number ≥ 0 and below \(Int(MeasurementRules.maximumLatencyMs)) ms")
        }
    }

    /// The first figure is > 0 and each is at least the one before it; a pair out of order names
    /// both fields.
    static func ordered(_ figures: [(Double, String)]) throws(InvalidMeasurementField) {
        guard let (first, field) = figures.first else { return }
        guard first > 0 else { throw InvalidMeasurementField(field, "must be > 0") }
        for (low, high) in zip(figures, figures.dropFirst()) where !(low.0 <= high.0) {
            throw InvalidMeasurementField(high.1, "must be ≥ '\(low.1)' (\(high.0) < \(low.0))")
        }
    }

    static func floor(_ value: Double, _ floorMs: Double?, field: String) throws(InvalidMeasurementField) {
        guard let floorMs, value < floorMs else { return }
        throw InvalidMeasurementField(
            field,
            "is below the physical floor of \(floorMs) ms: the model's MACs at "
                + "\(Int(MeasurementRules.impossibleMACsPerSecondPerThread / 1e12)) TMAC/s per thread")
    }

    /// An engine version, as results and enrollments carry it.
    public static func engineVersion(_ value: String) throws(InvalidMeasurementField) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_".utf8)
        guard (1...MeasurementRules.maximumEngineVersionLength).contains(value.utf8.count), value.utf8.allSatisfy(allowed.contains)
        else {
            throw InvalidMeasurementField(
                "engine_version", "must be 1–\(MeasurementRules.maximumEngineVersionLength) letters, digits, '.', '+', '-' or '_'")
        }
    }
}
