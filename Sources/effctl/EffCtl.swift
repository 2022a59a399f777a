import ArgumentParser
import Foundation

/// The EffFleet operator CLI.
@main
struct EffCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effctl",
        abstract: "Operate EffFleet: build and inspect artifacts, run the engine, manage the registry's fleets and deployments.",
        subcommands: [
            ArtifactsCommand.self, EngineCommand.self, FleetsCommand.self, DevicesCommand.self, QueryCommand.self, DeployCommand.self,
            DeploymentsCommand.self, RegistryCommand.self,
        ]
    )

    @Flag(help: "Print the version, the git commit and the engine's backends, then exit.") var version = false

    /// Runs the command; every failure ends with one readable line on stderr and a non-zero exit.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            fflush(nil)  // what was printed before the failure comes before its line
            let message =
                unknownSubcommand(in: Array(CommandLine.arguments.dropFirst()))
                ?? self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}
