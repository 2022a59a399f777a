import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl fleets create NAME --latency-budget-ms X`: a new fleet and its enrollment token.
struct FleetsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a fleet; prints its enrollment token on the last line (shown only once).",
        discussion:
            "Capture the token with `effctl fleets create NAME --latency-budget-ms 20 | tail -n 1`, "
            + "or write it to a private file with --token-out."
    )

    @OptionGroup var registry: RegistryOptions
    @Argument(help: "The fleet's name.") var name: String
    @Option(parsing: .unconditional, help: "Default latency budget of the fleet's devices, in milliseconds.") var latencyBudgetMs: Double
    @Option(help: "Latency percentile plans compare with the budget: p50, p90 (default) or p99.") var percentile: LatencyPercentile?
    @Option(help: "Also write the enrollment token to this file (mode 0600).") var tokenOut: String?
    @Flag(help: "Benchmark synthetic artifacts (latency only) on this fleet's devices as soon as they appear, and plan them by default.")
    var allowSynthetic = false
    @Flag(help: "Print the created fleet as JSON (with its token).") var json = false

    func validate() throws {
        if let problem = LatencyBudget.problem(latencyBudgetMs) { throw ValidationError("--latency-budget-ms \(problem)") }
    }

    func run() async throws {
        let fleet = try await registry.client().createFleet(
            CreateFleetRequest(
                name: name, latencyBudgetMs: latencyBudgetMs, percentile: percentile, allowSynthetic: allowSynthetic ? true : nil)
        )
        guard let token = fleet.enrollmentToken else {
            throw CLIError("the registry created fleet '\(fleet.name)' but sent no enrollment token")
        }
        if let tokenOut {
            try PrivateFile.write(token + "\n", to: tokenOut)
        }
        if json {
            try JSONOutput.print(fleet)
            return
        }
        print("created fleet \(fleet.name): budget \(NumberText.fixed(fleet.latencyBudgetMs)) ms at \(fleet.percentile.rawValue)")
        if let tokenOut {
            print("enrollment token written to \(tokenOut)")
        }
        print(token)
    }
}

extension LatencyPercentile: ExpressibleByArgument {}
