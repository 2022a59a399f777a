import ArgumentParser
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl deploy --fleet F`: plan the fleet, show the plan, deploy it, and optionally watch it land.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Plan a fleet (the most accurate artifact within each device's budget) and deploy the plan.",
        discussion: """
            With --wait: first waits until the fleet has no pending benchmark jobs (and plans again while the plan \
            asks for more), then, after deploying, until \
            every assignment is active, failed or superseded; fails if any failed or --timeout passes.
            """
    )

    @OptionGroup var registry: RegistryOptions
    @Option(help: "The fleet to plan.") var fleet: String
    @Flag(help: "Plan and show the plan; deploy nothing.") var dryRun = false
    @Option(help: "Latency percentile compared with budgets: p50, p90 or p99 (default: the fleet's).") var percentile: Percentile?
    @Option(help: "Safety margin on latency: 0.1 plans with latency × 1.1 (default: the registry's, 0.1).") var headroom: Double?
    @Flag(help: "Allow artifacts with synthetic weights (latency only; their accuracy is not real).") var allowSynthetic = false
    @Flag(help: "Wait for pending benchmark jobs before planning, and for the deployment to finish.") var wait = false
    @Option(help: "The longest --wait waits, in seconds, for both stages together.") var timeout: Double = 600
    @Flag(help: "Print the plan (and the deployment) as JSON instead of tables.") var json = false

    func validate() throws {
        if let headroom, !(headroom.isFinite && headroom >= 0 && headroom < 10) {
            throw ValidationError("--headroom must be a fraction ≥ 0, such as 0.1")
        }
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    func run() async throws {
        let client = try registry.client()
        let waiter = DeployWaiter(
            client: client,
            deadline: ContinuousClock().now.advanced(by: .milliseconds(Int64(timeout * 1000))),
            timeoutSeconds: timeout,
            progress: { line in json ? Self.printToStandardError(line) : print(line) }
        )
        let request = CreatePlanRequest(fleet: fleet, percentile: percentile?.rawValue, headroom: headroom, allowSynthetic: allowSynthetic ? true : nil)
        if wait {
            _ = try await waiter.waitForJobs(fleet: fleet)
        }
        var plan = try await client.createPlan(request)
        // Planning may ask for benchmarks (a device enrolled meanwhile): wait for them and plan again.
        while wait, plan.pendingJobs > 0, try await waiter.waitForJobs(fleet: fleet) {
            plan = try await client.createPlan(request)
        }
        if !json {
            try await printPlan(plan, client: client)
        }
        guard !dryRun else {
            if json {
                try JSONOutput.print(DeployOutput(plan: plan, deployment: nil))
            } else {
                print("dry run: nothing deployed")
            }
            return
        }
        var deployment = try await client.createDeployment(planId: plan.id)
        if !json {
            print("deployment \(deployment.id): \(deployment.assignments.count) assignment\(deployment.assignments.count == 1 ? "" : "s")")
        }
        var timedOut: DeployWaiter.DeploymentTimedOut?
        if wait && !deployment.assignments.isEmpty {
            do {
                deployment = try await waiter.waitForDeployment(id: deployment.id)
            } catch let error as DeployWaiter.DeploymentTimedOut {
                // Show where every device got to before failing.
                deployment = error.deployment
                timedOut = error
            }
        }
        if json {
            try JSONOutput.print(DeployOutput(plan: plan, deployment: deployment))
        } else if wait {
            print("")
            print(AssignmentRows.table([deployment]).rendered(), terminator: "")
        }
        if let timedOut {
            throw CLIError(timedOut.description)
        }
        if wait {
            try Self.requireNoFailure(deployment)
        }
    }

    private func printPlan(_ plan: PlanView, client: RegistryClient) async throws {
        let artifacts = Dictionary(try await client.listArtifacts().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        print("plan \(plan.id) for fleet \(plan.fleet) (\(plan.percentile), headroom \(NumberText.fixed(plan.headroom)))")
        print(PlanTable.table(plan, artifacts: artifacts).rendered(), terminator: "")
        for note in PlanTable.notes(plan) {
            print(note)
        }
    }

    /// Throws one line naming the failed devices.
    static func requireNoFailure(_ deployment: DeploymentView) throws {
        let failed = deployment.assignments.filter { $0.state == .failed }
        guard !failed.isEmpty else { return }
        let names = failed.map { "\($0.device)" + ($0.detail.map { " (\($0))" } ?? "") }.joined(separator: "; ")
        throw CLIError("\(failed.count) of \(deployment.assignments.count) assignments failed: \(names)")
    }

    static func printToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// `effctl deploy --json`'s output.
struct DeployOutput: Encodable {
    var plan: PlanView
    var deployment: DeploymentView?
}
