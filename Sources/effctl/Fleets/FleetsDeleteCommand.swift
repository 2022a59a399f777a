import ArgumentParser
import RegistryClient

/// `effctl fleets delete NAME [--force]`.
struct FleetsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a fleet with its plans and deployments; refused while it has devices, unless --force."
    )

    @OptionGroup var registry: RegistryOptions
    @Flag(help: "Delete the fleet's devices too (their tokens stop working at once).") var force = false
    @Argument(help: "The fleet's name.") var name: String

    func run() async throws {
        try await registry.client().deleteFleet(name: name, force: force)
        print("deleted fleet \(name)")
    }
}
