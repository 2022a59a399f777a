import ArgumentParser
import EffCtlCore

/// `effctl query …`: filtered listings of the registry's records as a table, CSV or JSON.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Query devices, artifacts, benchmark results and jobs, plans and deployments.",
        discussion:
            "Filters: --fleet, --device (id or name), --variant, --precision, --since (unix seconds, ISO-8601, or 10m/2h/7d ago). Output: "
            + "a table, --csv or --json.",
        subcommands: [
            QueryDevicesCommand.self, QueryArtifactsCommand.self, QueryBenchmarksCommand.self, QueryPlansCommand.self,
            QueryDeploymentsCommand.self, QueryJobsCommand.self,
        ]
    )
}
