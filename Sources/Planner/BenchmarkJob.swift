/// A device/artifact pair with no measurement and no hardware-class median: benchmark it.
public struct BenchmarkJob: Hashable, Codable, Sendable {
    /// The device to run the benchmark on.
    public var deviceID: String
    /// The artifact to benchmark.
    public var artifactID: String

    /// Creates a benchmark job.
    public init(deviceID: String, artifactID: String) {
        self.deviceID = deviceID
        self.artifactID = artifactID
    }
}
