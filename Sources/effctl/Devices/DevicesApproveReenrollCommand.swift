import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl devices approve-reenroll DEVICE [--minutes M]`: recover a device that lost its token.
struct DevicesApproveReenrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve-reenroll",
        abstract: "Let a device that lost its token enroll again with the fleet's enrollment token (once, for a while).",
        discussion: """
            A fleet's enrollment token only creates new devices: enrolling an existing device again \
            needs its current token or the admin token, so that no device of the fleet can take over \
            another. After this command the device's agent can enroll again with the enrollment token, \
            once, within --minutes; its old token then stops working.
            """
    )

    @OptionGroup var registry: RegistryOptions
    @Option(help: "The fleet to look the device's name up in.") var fleet: String?
    @Option(help: "How long the approval stays open, in minutes (1…10080).") var minutes = 60
    @Flag(help: "Print the device as JSON.") var json = false
    @Argument(help: "The device's id, or its name (unique, or within --fleet).") var device: String

    func validate() throws {
        guard (1...10_080).contains(minutes) else { throw ValidationError("--minutes must be 1…10080") }
    }

    func run() async throws {
        let client = try registry.client()
        let target = try await DeviceResolver(client: client).device(device, fleet: fleet)
        let updated = try await client.approveReenrollment(id: target.id, validMinutes: minutes)
        if json {
            try JSONOutput.print(updated)
            return
        }
        let until = updated.reenrollmentApprovedUntil.map { Date(timeIntervalSince1970: $0).formatted(.iso8601) } ?? "?"
        print("\(updated.name) (\(updated.id)) may enroll again with fleet '\(updated.fleet)''s enrollment token until \(until)")
    }
}
