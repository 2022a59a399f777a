/// A device/artifact pair to benchmark: unmeasured (no measurement, no hardware-class median),
/// or measured fewer than `MeasurementRules.pooledResults` times with the device's budget inside its
/// latency interval.
public struct BenchmarkJob: Hashable, Codable, Sendable {
    /// Why the pair needs a benchmark.
    public enum Reason: String, Hashable, Codable, Sendable {
        case unmeasured
        /// The budget lies inside the interval of the results there are: measure again.
        case budgetInsideInterval = "budget-inside-interval"
    }

    /// The device to run the benchmark on.
    public var deviceID: String
    /// The artifact to benchmark.
    public var artifactID: String
    public var reason: Reason

    /// Creates a benchmark job.
    public init(deviceID: String, artifactID: String, reason: Reason = .unmeasured) {
        self.deviceID = deviceID
        self.artifactID = artifactID
        self.reason = reason
    }
}
