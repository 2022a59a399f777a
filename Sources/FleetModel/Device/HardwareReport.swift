/// What an agent reports about its machine.
public struct HardwareReport: Codable, Hashable, Sendable {
    public var cpuModel: String
    public var cores: Int
    public var memoryMb: Int
    public var architecture: String
    public var backend: String
    public var threads: Int

    public init(cpuModel: String, cores: Int, memoryMb: Int, architecture: String, backend: String, threads: Int) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryMb = memoryMb
        self.architecture = architecture
        self.backend = backend
        self.threads = threads
    }

    /// Devices in one class are expected to perform alike: same architecture, CPU, cores,
    /// threads and backend. The planner predicts unmeasured pairs from a class's median.
    public var hardwareClass: String {
        "\(architecture)/\(cpuModel)/\(cores)c/\(threads)t/\(backend)"
    }
}
