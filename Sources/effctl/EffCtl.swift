import ArgumentParser
import Foundation

/// The EffFleet operator CLI.
@main
struct EffCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "effctl",
        abstract: "Operate EffFleet: build and inspect artifacts, run and benchmark the engine.",
        subcommands: [ArtifactsCommand.self, EngineCommand.self]
    )

    /// Runs the command; every failure ends with one readable line on stderr and a non-zero exit.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}
