/// Which state changes an assignment may go through, and who may cause them. Pure: the store
/// asks it before it writes a change.
///
/// A device moves its own assignment forward: `pending` → `downloading` → `active`, or to
/// `failed` from any of those; a `withdraw` assignment goes from `pending` to `withdrawn` only.
/// The health gate turns `active` into `healthy` or `breached`; a newer deployment supersedes the
/// unfinished ones (`waiting`, `pending`, `downloading`); a halted rollout cancels the `waiting`
/// ones, and a stage that starts makes them `pending`.
public enum AssignmentStateMachine {
    /// What a device's report of `next` does to an assignment in `current`.
    public enum DeviceReport: Hashable, Sendable {
        /// The assignment is already in `next`: nothing changes (a retried report).
        case unchanged
        /// The assignment moves to `next`.
        case move
        /// Not allowed from `current`.
        case refused
    }

    /// The states a device may report next from `current`, for an assignment of `purpose`.
    public static func deviceReports(from current: AssignmentState, purpose: AssignmentPurpose) -> Set<AssignmentState> {
        switch (current, purpose) {
        case (.pending, .withdraw): [.withdrawn]
        case (.pending, _): [.downloading, .active, .failed]
        case (.downloading, _): [.active, .failed]
        case (.active, _): [.failed]
        default: []
        }
    }

    /// Judges a device's report of `next` for an assignment in `current`.
    public static func deviceReport(_ next: AssignmentState, from current: AssignmentState, purpose: AssignmentPurpose) -> DeviceReport {
        if next == current { return .unchanged }
        return deviceReports(from: current, purpose: purpose).contains(next) ? .move : .refused
    }

    /// States a newer assignment of the same device supersedes.
    public static let supersedable: Set<AssignmentState> = [.waiting, .pending, .downloading]

    /// States that the device is not shown: it has nothing to do for them.
    public static let hiddenFromDevice: Set<AssignmentState> = [.waiting, .superseded, .cancelled]
}
