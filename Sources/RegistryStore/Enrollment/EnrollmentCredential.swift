/// What an enrollment request was authorized with. Decides whether it may create a device or
/// enroll an existing one again (see ``EnrollmentRule``).
public enum EnrollmentCredential: Hashable, Sendable {
    /// The operators' admin token.
    case admin
    /// The fleet's enrollment token, which every provisioned device of the fleet holds.
    case enrollmentToken
    /// Some other bearer token, by its sha256: only a device's own current token counts.
    case deviceToken(hash: String)
}
