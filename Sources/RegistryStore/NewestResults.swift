import FleetModel

/// The newest valid result of each device/artifact/backend triple, folded from a fleet's results in
/// any order (newest by creation time, then id), with how many broke ``FleetModel/MeasurementRules``:
/// what both stores hand the planner.
public struct NewestResults<Instant: Comparable> {
    /// One result per triple, in the order the triples were first seen; each counts the triple's results.
    public private(set) var results: [LatestResult] = []
    /// How many results were left out as invalid.
    public private(set) var invalid = 0
    private var newest: [(createdAt: Instant, id: String)] = []
    private var positions: [String: Int] = [:]
    private let macs: [String: Int]

    /// `macs` holds the MACs of each artifact by id, for the physical latency floor.
    public init(macs: [String: Int] = [:]) {
        self.macs = macs
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
        if let position = positions[key] {
            let count = results[position].count + 1
            if stamp > newest[position] {
                results[position] = result
                newest[position] = stamp
            }
            results[position].count = count
        } else {
            positions[key] = results.count
            results.append(result)
            newest.append(stamp)
        }
    }
}
