import Foundation

/// What both stores write for an ``EnrollmentRule`` decision: the refusals, the re-enrolled
/// device and its history line, so that SQLite and PostgreSQL say and keep the same.
extension StoreError {
    /// A token that is neither the fleet's enrollment token, the admin token nor the device's own.
    public static func wrongEnrollmentToken(fleet: String) -> StoreError {
        StoreError(.unauthorized, "wrong enrollment token for fleet '\(fleet)'")
    }

    /// The fleet's enrollment token naming a device that is already enrolled.
    public static func alreadyEnrolled(_ device: DeviceRecord) -> StoreError {
        StoreError(
            .forbidden,
            "field 'name': device '\(device.name)' is already enrolled in fleet '\(device.fleetName)'; enrolling it again needs "
                + "its current device token, the admin token, or an operator's approval (effctl devices approve-reenroll "
                + "\(device.name))")
    }
}

extension DeviceRecord {
    /// This device enrolled again as `request` says: its new token and hardware; the operator's
    /// approval, if any, is used up. Id, budgets, results and history stay.
    public func reenrolled(as request: DeviceRecord) -> DeviceRecord {
        var device = self
        device.tokenHash = request.tokenHash
        device.hardware = request.hardware
        device.hardwareClass = request.hardwareClass
        device.engineVersion = request.engineVersion
        device.lastSeenAt = request.lastSeenAt
        device.reenrollmentApprovedUntil = nil
        return device
    }
}

extension FleetEventRecord {
    /// The history line of a device enrolled again with `credential`.
    public static func reenrolled(_ device: DeviceRecord, with credential: EnrollmentCredential) -> FleetEventRecord {
        let how =
            switch credential {
            case .admin: "by the admin token"
            case .deviceToken: "by its own token"
            case .enrollmentToken: "by the enrollment token, with an operator's approval (now used up)"
            }
        return FleetEventRecord(
            fleetName: device.fleetName, deviceId: device.id, actor: credential == .admin ? "operator" : "device:\(device.name)",
            kind: "device-reenrolled", detail: "new device token issued \(how); the old one no longer works")
    }

    /// The history line of a device enrolled for the first time.
    public static func enrolled(_ device: DeviceRecord) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: device.fleetName, deviceId: device.id, actor: "device:\(device.name)", kind: "device-enrolled",
            detail: device.hardwareClass)
    }

    /// The history line of an operator letting the fleet's enrollment token enroll `device` again until `until`.
    public static func reenrollmentApproved(_ device: DeviceRecord, until: Date) -> FleetEventRecord {
        FleetEventRecord(
            fleetName: device.fleetName, deviceId: device.id, actor: "operator", kind: "reenrollment-approved",
            detail: "\(device.name) may enroll again with the fleet's enrollment token until \(until.formatted(.iso8601))")
    }
}

extension EnrollmentRule {
    /// Applies ``decide(credential:existing:now:)`` to `device`, whose name `existing` holds (nil
    /// when it is free): returns `existing` enrolled again as `device` (to store in its place), or
    /// nil when `device` is to be created; throws the refusals as both stores answer them.
    public static func admit(
        _ device: DeviceRecord, credential: EnrollmentCredential, existing: DeviceRecord?, now: Date
    ) throws(StoreError) -> DeviceRecord? {
        switch decide(credential: credential, existing: existing, now: now) {
        case .unknownToken:
            throw StoreError.wrongEnrollmentToken(fleet: device.fleetName)
        case .alreadyEnrolled:
            throw StoreError.alreadyEnrolled(device)
        case .reenroll:
            guard let existing else { throw StoreError(.notFound, "no device '\(device.name)'") }
            return existing.reenrolled(as: device)
        case .create:
            return nil
        }
    }
}
