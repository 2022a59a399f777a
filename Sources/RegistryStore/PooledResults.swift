import FleetModel

/// What both stores hand the planner: one result per device/artifact/backend triple, folded from a
/// fleet's results in any order, and how many results broke ``FleetModel/MeasurementRules``.
///
/// A triple's result pools its newest ``FleetModel/MeasurementRules/pooledResults`` stable results
/// (newest by creation time, then id): each figure is their median, separately (the three
/// percentiles, the upper bounds of their intervals, peak RSS). One slow round, a neighbour's burst
/// on a shared machine, then moves no decision. A triple with no stable result is its newest result,
/// which stays unstable. `count` is every admitted result of the triple.
public struct PooledResults<Instant: Comparable> {
    private typealias Stamp = (createdAt: Instant, id: String)

    /// A triple's newest stable results (newest first, at most `pooledResults`) and its newest
    /// unstable one.
    private struct Pool {
        var stable: [(stamp: Stamp, result: LatestResult)] = []
        var unstable: (stamp: Stamp, result: LatestResult)?
        var count = 0

        /// Counts `result`; keeps it if it is among the newest stable ones, or the newest unstable one.
        mutating func add(_ result: LatestResult, stamp: Stamp) {
            count += 1
            if result.unstable {
                if unstable.map({ stamp > $0.stamp }) ?? true { unstable = (stamp, result) }
                return
            }
            let index = stable.firstIndex { stamp > $0.stamp } ?? stable.count
            guard index < MeasurementRules.pooledResults else { return }
            stable.insert((stamp, result), at: index)
            if stable.count > MeasurementRules.pooledResults { stable.removeLast() }
        }

        /// The medians of the stable results, else the newest unstable one; counting every result.
        var result: LatestResult {
            var pooled = stable.isEmpty ? unstable!.result : PooledResults.median(of: stable.map(\.result))
            pooled.count = count
            return pooled
        }
    }

    private var pools: [Pool] = []
    private var positions: [String: Int] = [:]
    /// How many results were left out as invalid.
    public private(set) var invalid = 0
    private let macs: [String: Int]

    /// `macs` holds the MACs of each artifact by id, for the physical latency floor.
    public init(macs: [String: Int] = [:]) {
        self.macs = macs
    }

    /// One result per triple, in the order the triples were first seen; each counts the triple's results.
    public var results: [LatestResult] {
        pools.map(\.result)
    }

    /// Whether a result with `id` and `figures` keeps the rules; counts it invalid if not.
    public mutating func admits(id: String, artifactId: String, figures: BenchmarkFigures) -> Bool {
        let floor = macs[artifactId].map { MeasurementRules.latencyFloorMs(macs: $0, threads: figures.threads) }
        guard MeasurementRules.resultIDLengths.contains(id.count), (try? figures.validate(latencyFloorMs: floor)) != nil else {
            invalid += 1
            return false
        }
        return true
    }

    /// Adds an admitted result created at `createdAt` with `id`.
    public mutating func add(_ result: LatestResult, createdAt: Instant, id: String) {
        let stamp = (createdAt: createdAt, id: id)
        let key = result.deviceId + "\u{1F}" + result.artifactId + "\u{1F}" + result.backend
        let position: Int
        if let known = positions[key] {
            position = known
        } else {
            position = pools.count
            positions[key] = position
            pools.append(Pool())
        }
        pools[position].add(result, stamp: stamp)
    }

    /// The newest of `results` with each figure replaced by the median of that figure over all of them.
    private static func median(of results: [LatestResult]) -> LatestResult {
        var pooled = results[0]
        guard results.count > 1 else { return pooled }
        pooled.p50Ms = median(results.map(\.p50Ms))
        pooled.p90Ms = median(results.map(\.p90Ms))
        pooled.p99Ms = median(results.map(\.p99Ms))
        pooled.peakRssMb = median(results.map(\.peakRssMb))
        pooled.p50UpperMs = optionalMedian(results.map(\.p50UpperMs))
        pooled.p90UpperMs = optionalMedian(results.map(\.p90UpperMs))
        pooled.p99UpperMs = optionalMedian(results.map(\.p99UpperMs))
        return pooled
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    /// The median of the values present; nil when none is.
    private static func optionalMedian(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        return present.isEmpty ? nil : median(present)
    }
}
