import FleetModel

/// How a deployment rolls out: a canary stage, then waves, each tolerating some failures.
public struct RolloutOptions: Hashable, Sendable {
    /// Share of the devices (0–100) in the canary stage; 0 for none.
    public var canaryPercent: Double
    /// Stages after the canary (at least 1).
    public var waves: Int
    /// Failed or over-budget devices a stage tolerates before the rollout halts.
    public var maxFailures: Int
    /// How long each stage may wait for its devices; nil waits for ever.
    public var stageDeadline: StageDeadline?
    /// Devices of the plan to leave out (offline at deployment time, say): they get no assignment.
    public var excludedDevices: Set<String> = []

    public init(canaryPercent: Double = 0, waves: Int = 1, maxFailures: Int = 0, stageDeadline: StageDeadline? = nil) {
        self.canaryPercent = canaryPercent
        self.waves = waves
        self.maxFailures = maxFailures
        self.stageDeadline = stageDeadline
    }

    /// Why `count` devices cannot be laid out as asked, or nil: after the canary, every wave needs
    /// a device of its own (3 devices with a 34 % canary leave 1 device, not enough for 2 waves).
    public func problem(deviceCount count: Int) -> String? {
        guard count > 0 else { return nil }
        let canary = canaryPercent > 0 ? min(count, max(1, Int((Double(count) * canaryPercent / 100).rounded(.up)))) : 0
        let rest = count - canary
        guard waves > rest, rest > 0 || waves > 1 else { return nil }
        let left = rest == 1 ? "1 device remains" : "\(rest) devices remain"
        return "cannot roll out to \(count) devices as a canary of \(canary) then \(waves) waves: \(left) after the canary; "
            + "ask for at most \(max(rest, 1)) wave\(rest == 1 ? "" : "s"), or a smaller canary"
    }

    /// The sizes of the stages for `count` devices: the canary stage (at least one device when
    /// asked for), then the rest split as evenly as possible into at most `waves` stages.
    public func stageSizes(deviceCount count: Int) -> [Int] {
        guard count > 0 else { return [] }
        var sizes: [Int] = []
        var rest = count
        if canaryPercent > 0 {
            let canary = min(count, max(1, Int((Double(count) * canaryPercent / 100).rounded(.up))))
            sizes.append(canary)
            rest -= canary
        }
        let waveCount = min(max(1, waves), rest)
        for wave in 0..<waveCount {
            sizes.append(rest / waveCount + (wave < rest % waveCount ? 1 : 0))
        }
        return sizes
    }
}
