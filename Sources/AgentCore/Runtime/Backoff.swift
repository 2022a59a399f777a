/// Exponential back-off with jitter for retries against the registry: `base × 2^(failures−1)`,
/// at most `cap`, scaled by a random factor in [0.5, 1.5) so that agents cut off together do not
/// come back in lockstep.
public struct Backoff: Sendable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let exponent = min(failures - 1, 20)
        let raw = min(base * (1 << exponent), cap)
        return raw * Double.random(in: 0.5..<1.5)
    }
}
