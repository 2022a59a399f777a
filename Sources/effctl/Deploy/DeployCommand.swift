import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl deploy --fleet F`: plan the fleet, show the plan, deploy it (at once, or canary first
/// then in waves), and optionally watch it land; `--rollback ID` returns a deployment's devices to
/// what they ran before it.
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
    @Option(help: "The fleet to plan.") var fleet: String?
    @Flag(help: "Plan and show the plan; deploy nothing.") var dryRun = false
    @Option(help: "Latency percentile compared with budgets: p50, p90 or p99 (default: the fleet's).") var percentile: LatencyPercentile?
    @Option(parsing: .unconditional, help: "Safety margin on latency: 0.1 plans with latency × 1.1 (default: the registry's, 0.1).")
    var headroom: Double?
    @Flag(help: "Allow artifacts with synthetic weights (latency only; their accuracy is not real).") var allowSynthetic = false
    @Flag(help: "List every device's candidates (artifact, backend) with figure, interval, RSS and why each lost.") var explain = false
    @Option(help: "Share of the devices in a first, canary stage, e.g. 10%.") var canary: CanaryShare?
    @Option(parsing: .unconditional, help: "Stages after the canary (default 1).") var waves: Int?
    @Option(
        name: .customLong("max-failures"),
        help: "Failed or over-budget devices a stage tolerates before the rollout halts and rolls them back (default 0).")
    var maxFailures: Int?
    @Option(
        help: "How long each stage waits for its devices (90s, 10m, 1h); a device that has not reported by then counts as failed.")
    var stageTimeout: String?
    @Option(help: "Deploy this stored plan (from an earlier --dry-run) instead of planning now.") var plan: String?
    @Flag(help: "Deploy to the plan's offline devices too (by default they are left out and named).") var includeOffline = false
    @Option(help: "Return every device of this deployment to what it ran before it.") var rollback: String?
    @Flag(help: "Wait for pending benchmark jobs before planning, and for the deployment to finish.") var wait = false
    @Option(parsing: .unconditional, help: "The longest --wait waits, in seconds, for both stages together.") var timeout: Double = 600
    @Flag(help: "Print the plan (and the deployment) as JSON instead of tables.") var json = false

    func validate() throws {
        guard (fleet != nil || plan != nil) != (rollback != nil) else {
            throw ValidationError("give --fleet NAME (or --plan ID) to deploy, or --rollback DEPLOYMENT to roll back")
        }
        if let waves, !(1...100).contains(waves) { throw ValidationError("--waves must be between 1 and 100") }
        if let maxFailures, maxFailures < 0 { throw ValidationError("--max-failures must be 0 or more") }
        if let headroom, !(headroom.isFinite && headroom >= 0 && headroom < 10) {
            throw ValidationError("--headroom must be a fraction ≥ 0, such as 0.1")
        }
        if let stageTimeout {
            guard let seconds = Self.seconds(stageTimeout), StageDeadline.allowedSeconds.contains(seconds) else {
                throw ValidationError("--stage-timeout must be a duration from 1s to 7d, such as 90s, 10m or 1h")
            }
        }
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    /// Seconds in `90s`, `10m`, `1h30m`, or a plain number of seconds.
    private static func seconds(_ text: String) -> Double? {
        if let plain = Double(text), plain.isFinite { return plain }
        return SinceParser.duration(text)
    }

    func run() async throws {
        let client = try registry.client()
        let waiter = DeployWaiter(
            client: client,
            deadline: ContinuousClock().now.advanced(by: .milliseconds(Int64(timeout * 1000))),
            timeoutSeconds: timeout,
            progress: Self.printToStandardError
        )
        let plan: PlanView?
        var deployment: DeploymentView
        if let rollback {
            plan = nil
            deployment = try await client.rollBack(deploymentId: RegistryResolver(client: client).deployment(rollback).id)
        } else {
            let chosen = try await choosePlan(client, waiter: waiter)
            guard !dryRun else {
                if json {
                    try JSONOutput.print(DeployOutput(plan: chosen, deployment: nil))
                } else {
                    print("dry run: nothing deployed (deploy this plan later with: effctl deploy --plan \(chosen.id))")
                }
                return
            }
            plan = chosen
            deployment = try await client.createDeployment(
                CreateDeploymentRequest(
                    planId: chosen.id, canaryPercent: canary?.percent, waves: waves, maxFailures: maxFailures,
                    stageTimeoutSeconds: stageTimeout.flatMap(Self.seconds), includeOffline: includeOffline ? true : nil))
        }
        if !json {
            if let line = Self.offlineNote(deployment) { print(line) }
            print("\(deployment.kind) \(deployment.id): \(DeploymentRows.layout(deployment))")
            fflush(nil)  // every stdio stream: the plan and the layout come before the progress, also through a pipe
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
            try DeploymentOutcome.requireNoFailure(deployment)
        }
    }

    /// The stored plan given with --plan, or a new plan of --fleet (after the benchmarks it needs, with --wait).
    private func choosePlan(_ client: RegistryClient, waiter: DeployWaiter) async throws -> PlanView {
        if let plan {
            let stored = try await RegistryResolver(client: client).plan(plan)
            if let fleet, stored.fleet != fleet { throw CLIError("plan \(plan) is of fleet '\(stored.fleet)', not '\(fleet)'") }
            if !json { try await printPlan(stored, client: client) }
            try await warnIfStale(stored, client)
            return stored
        }
        guard let fleet else { throw CLIError("give --fleet NAME or --plan ID") }
        let request = CreatePlanRequest(
            fleet: fleet, percentile: percentile, headroom: headroom, allowSynthetic: allowSynthetic ? true : nil,
            explain: explain ? true : nil)
        if wait {
            _ = try await waiter.waitForJobs(fleet: fleet)
        }
        var created = try await client.createPlan(request)
        // Planning may ask for benchmarks (a device enrolled meanwhile): wait for them and plan again.
        while wait, created.pendingJobs > 0, try await waiter.waitForJobs(fleet: fleet) {
            created = try await client.createPlan(request)
        }
        if !json { try await printPlan(created, client: client) }
        return created
    }

    private func printPlan(_ plan: PlanView, client: RegistryClient) async throws {
        let artifacts = Dictionary(try await client.listArtifacts().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        print("plan \(plan.id) for fleet \(plan.fleet) (\(plan.percentile.rawValue), headroom \(NumberText.fixed(plan.headroom)))")
        print(PlanTable.table(plan, artifacts: artifacts).rendered(), terminator: "")
        for note in PlanTable.notes(plan, artifacts: artifacts) {
            print(note)
        }
        if explain {
            print("")
            print(CandidateTable.table(plan).rendered(), terminator: "")
            for line in CandidateTable.legend(plan) { print(line) }
        }
    }

    /// Progress goes to standard error, one unbuffered write per line, so that it shows as it
    /// happens even when the output is piped; standard output keeps the tables (or the JSON).
    static func printToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// `effctl deploy --json`'s output.
struct DeployOutput: Encodable {
    var plan: PlanView?
    var deployment: DeploymentView?
}

/// `--canary 10%` (or `10`): a share of the fleet's devices.
struct CanaryShare: ExpressibleByArgument {
    var percent: Double

    init?(argument: String) {
        let number = argument.hasSuffix("%") ? String(argument.dropLast()) : argument
        guard let percent = Double(number), percent.isFinite, percent > 0, percent <= 100 else { return nil }
        self.percent = percent
    }
}
