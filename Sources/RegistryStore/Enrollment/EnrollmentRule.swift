import Foundation

/// Who may enroll a device name in a fleet. Pure: the store applies it inside the enrollment
/// transaction.
///
/// The fleet's enrollment token is held by every device of the fleet, so it only creates new
/// devices. Enrolling an existing device again (which issues it a new token and locks the old one
/// out) needs that device's current token, the admin token, or an operator's approval that is
/// still open; an approval is used up by the enrollment it lets through. Without this, any device
/// of a fleet could take over any other.
public enum EnrollmentRule {
    /// What the enrollment may do.
    public enum Decision: Hashable, Sendable {
        /// Create a new device.
        case create
        /// Issue the existing device a new token (closing any open approval).
        case reenroll
        /// The token is no credential for this device name at all (401).
        case unknownToken
        /// The device exists and the credential may not take it over (403).
        case alreadyEnrolled
    }

    /// The decision for `credential` asking to enroll a name that `existing` already holds (nil
    /// when the name is free), at `now`.
    public static func decide(credential: EnrollmentCredential, existing: DeviceRecord?, now: Date) -> Decision {
        guard let existing else {
            switch credential {
            case .admin, .enrollmentToken: return .create
            case .deviceToken: return .unknownToken
            }
        }
        switch credential {
        case .admin:
            return .reenroll
        case .deviceToken(let hash):
            return hash == existing.tokenHash ? .reenroll : .unknownToken
        case .enrollmentToken:
            guard let until = existing.reenrollmentApprovedUntil, until > now else { return .alreadyEnrolled }
            return .reenroll
        }
    }
}
