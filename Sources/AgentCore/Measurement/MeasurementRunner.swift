import LiteEngine

/// Runs one benchmark of one artifact with one backend, the way the agent measures: the agent
/// takes a runner as a parameter, so that its loop can be tested with a fake one.
public protocol MeasurementRunner: Sendable {
    /// Benchmarks the artifact at `artifactPath` with `options` (whose backend is a single
    /// ``BackendKind``); throws ``AgentStopped`` when a stop cut it short.
    func measure(artifactPath: String, options: BenchmarkOptions) async throws -> BenchmarkResult
}

/// The agent was asked to stop in the middle of a step: not a failure of that step.
public struct AgentStopped: Error, Hashable, Sendable, CustomStringConvertible {
    public init() {}

    public var description: String { "stopped" }
}
