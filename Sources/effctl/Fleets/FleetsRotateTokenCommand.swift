import ArgumentParser
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl fleets rotate-token NAME`: a new enrollment token for the fleet; the old one stops working.
struct FleetsRotateTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-token",
        abstract: "Replace a fleet's enrollment token; prints the new one on the last line (enrolled devices are not affected)."
    )

    @OptionGroup var registry: RegistryOptions
    @Argument(help: "The fleet's name.") var name: String
    @Option(help: "Also write the new token to this file (mode 0600).") var tokenOut: String?

    func run() async throws {
        let fleet = try await registry.client().rotateEnrollmentToken(fleet: name)
        guard let token = fleet.enrollmentToken else { throw CLIError("the registry sent no new token for fleet '\(name)'") }
        if let tokenOut { try PrivateFile.write(token + "\n", to: tokenOut) }
        print("new enrollment token for fleet \(fleet.name)")
        print(token)
    }
}
