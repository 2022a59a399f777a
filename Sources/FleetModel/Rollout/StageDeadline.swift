import Foundation

/// How long a rollout stage may wait for its devices. Once `timeout` has passed since the stage
/// started, every assignment of it that has not settled counts as failed (a device that never
/// reports is a failure like one that breaches), and the stage is judged under the deployment's
/// `max_failures` as usual (``StageJudge``).
public struct StageDeadline: Hashable, Sendable {
    /// The most a stage may last, in seconds.
    public var timeoutSeconds: Double

    /// Stages may last from a second to a week.
    public static let allowedSeconds: ClosedRange<Double> = 1...604_800

    public init(timeoutSeconds: Double) {
        self.timeoutSeconds = timeoutSeconds
    }

    /// Whether a stage that started at `startedAt` is past its deadline at `now`.
    public func isPast(startedAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(startedAt) >= timeoutSeconds
    }

    /// What an assignment that missed the deadline says.
    public var detail: String {
        "no health report within the stage deadline of \(timeoutSeconds.formatted(.number.precision(.fractionLength(0...1)))) s"
    }
}
