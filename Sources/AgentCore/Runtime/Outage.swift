import EffCore

/// A run of failed contacts with the registry: how many there were and since when, so that the
/// agent can say when the registry is reachable again.
struct Outage: Sendable {
    /// Failures in a row so far (0: the registry is reachable).
    private(set) var failures = 0
    private var start: ContinuousClock.Instant?

    /// Counts a failure; returns the failures in a row.
    mutating func failed(at now: ContinuousClock.Instant = .now) -> Int {
        if failures == 0 { start = now }
        failures += 1
        return failures
    }

    /// Ends the outage, if there was one: `registry reachable again after 3 failures / 41 s`.
    mutating func ended(at now: ContinuousClock.Instant = .now) -> String? {
        defer {
            failures = 0
            start = nil
        }
        guard failures > 0, let start else { return nil }
        return "registry reachable again after \(failures.counted("failure")) / \((now - start).text)"
    }
}
