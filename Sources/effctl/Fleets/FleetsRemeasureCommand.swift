import ArgumentParser
import EffCore
import EffCtlCore
import RegistryAPI
import RegistryClient

/// `effctl fleets remeasure NAME`: every device of the fleet benchmarks again what it has measured.
struct FleetsRemeasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remeasure",
        abstract: "Have every device of a fleet benchmark again what it has measured; plans pool the rounds.",
        discussion: """
            Plans decide on the medians of each pair's newest three stable results, so a fleet measured \
            again decides on more evidence than one measurement. `effctl deploy --wait` waits for the jobs.
            """
    )

    @OptionGroup var registry: RegistryOptions
    @Argument(help: "The fleet's name.") var name: String

    func run() async throws {
        let opened = try await registry.client().remeasure(fleet: name)
        print("fleet \(opened.fleet): \(opened.jobs.counted("measured pair")) to benchmark again")
    }
}
