/// Why a ``PlanningInput`` cannot be planned.
///
/// The planner checks the input's size and the policy first, then artifacts, devices and measurements in input order,
/// and reports the first problem it finds.
public enum PlanningError: Error, Hashable, Sendable {
    /// The input has more devices, measurements, or devices × artifacts than `Int32.max`.
    case inputTooLarge(count: Int)
    /// The policy's headroom is negative, NaN or infinite.
    case invalidHeadroom(Double)
    /// Two artifacts share an id.
    case duplicateArtifactID(String)
    /// An artifact's top-1 accuracy is not a percentage (0…100).
    case invalidAccuracy(artifactID: String, value: Double)
    /// Two devices share an id.
    case duplicateDeviceID(String)
    /// A device's latency budget is negative, NaN or infinite.
    case invalidLatencyBudget(deviceID: String, value: Double)
    /// A device's memory budget is negative, NaN or infinite.
    case invalidMemoryBudget(deviceID: String, value: Double)
    /// A measurement names a device that is not in the input.
    case unknownDevice(deviceID: String, artifactID: String)
    /// A measurement names an artifact that is not in the input.
    case unknownArtifact(deviceID: String, artifactID: String)
    /// A measurement has a negative, NaN or infinite figure; `field` names it (for example `p90Ms`).
    case invalidMeasurement(deviceID: String, artifactID: String, field: String, value: Double)
    /// Two measurements are for the same device and artifact.
    case duplicateMeasurement(deviceID: String, artifactID: String)
}

extension PlanningError: CustomStringConvertible {
    /// A one-line message that names the offending value.
    public var description: String {
        switch self {
        case .inputTooLarge(let count):
            "input too large: \(count) devices, measurements or device/artifact pairs; the planner handles at most \(Int32.max)"
        case .invalidHeadroom(let value):
            "headroom must be finite and at least 0, got \(value)"
        case .duplicateArtifactID(let id):
            "artifact id \(id) appears more than once"
        case .invalidAccuracy(let artifactID, let value):
            "artifact \(artifactID) has top-1 \(value); it must be a percentage from 0 to 100"
        case .duplicateDeviceID(let id):
            "device id \(id) appears more than once"
        case .invalidLatencyBudget(let deviceID, let value):
            "device \(deviceID) has latency budget \(value) ms; it must be finite and at least 0"
        case .invalidMemoryBudget(let deviceID, let value):
            "device \(deviceID) has memory budget \(value) MB; it must be finite and at least 0"
        case .unknownDevice(let deviceID, let artifactID):
            "measurement of artifact \(artifactID) names unknown device \(deviceID)"
        case .unknownArtifact(let deviceID, let artifactID):
            "measurement on device \(deviceID) names unknown artifact \(artifactID)"
        case .invalidMeasurement(let deviceID, let artifactID, let field, let value):
            "measurement of artifact \(artifactID) on device \(deviceID) has \(field) = \(value); it must be finite and at least 0"
        case .duplicateMeasurement(let deviceID, let artifactID):
            "artifact \(artifactID) is measured more than once on device \(deviceID)"
        }
    }
}
