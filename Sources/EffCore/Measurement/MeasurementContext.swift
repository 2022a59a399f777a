/// The conditions a benchmark ran in, so that a figure can be judged: a loaded machine, a low
/// clock, a hot chip or a neighbour's measurement explain a slow result better than the model.
/// Fields the machine does not expose stay nil.
public struct MeasurementContext: Hashable, Codable, Sendable {
    /// One-minute load average just before and just after the benchmark.
    public var loadBefore: Double?
    public var loadAfter: Double?
    /// Mean current clock over the CPUs, in MHz (`/proc/cpuinfo`).
    public var cpuMhz: Double?
    /// cpufreq governor of CPU 0 (`performance`, `powersave`, …).
    public var governor: String?
    /// Hottest thermal zone, in °C (`/sys/class/thermal`).
    public var temperatureC: Double?
    /// Set by the agent: whether it had to wait for another agent's machine lock first.
    public var waitedForMachineLock: Bool?

    public init(
        loadBefore: Double? = nil, loadAfter: Double? = nil, cpuMhz: Double? = nil, governor: String? = nil, temperatureC: Double? = nil,
        waitedForMachineLock: Bool? = nil
    ) {
        self.loadBefore = loadBefore
        self.loadAfter = loadAfter
        self.cpuMhz = cpuMhz
        self.governor = governor
        self.temperatureC = temperatureC
        self.waitedForMachineLock = waitedForMachineLock
    }
}
