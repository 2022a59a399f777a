/// The states of an assignment: `waiting` (its stage has not started) → `pending` →
/// `downloading` → `active` (serving, health not yet reported) → `healthy` or `breached` (its
/// in-service latency is over the device's budget); `failed` when it could not be activated.
/// A newer deployment makes an unfinished one `superseded`; a halted rollout makes a waiting one
/// `cancelled`.
public enum AssignmentState: String, Codable, Hashable, Sendable, CaseIterable {
    case waiting, pending, downloading, active, healthy, breached, failed, superseded, cancelled
    /// A `withdraw` assignment carried out: the device stopped serving the artifact and runs nothing.
    case withdrawn

    /// Whether the assignment will change no more.
    public var isSettled: Bool {
        switch self {
        case .healthy, .breached, .failed, .superseded, .cancelled, .withdrawn: true
        case .waiting, .pending, .downloading, .active: false
        }
    }
}
