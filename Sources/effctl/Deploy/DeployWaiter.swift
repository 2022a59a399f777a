import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// Polls the registry for `effctl deploy --wait`, within one deadline.
struct DeployWaiter {
    let client: RegistryClient
    let deadline: ContinuousClock.Instant
    let timeoutSeconds: Double
    /// Prints a progress line.
    let progress: (String) -> Void
    var interval: Duration = .milliseconds(500)

    /// Returns once `fleet` has no pending benchmark jobs; true if there were any to wait for.
    /// Jobs its devices failed are retried by the registry after a back-off; the progress line
    /// counts them with their attempts.
    func waitForJobs(fleet: String) async throws -> Bool {
        var reported: JobProgress?
        var lastReport = ContinuousClock().now
        while true {
            let progress = JobProgress(try await client.listJobs(fleet: fleet, state: "pending"))
            if progress.pending == 0 {
                if reported != nil {
                    self.progress("benchmark jobs done")
                }
                return reported != nil
            }
            // A line when the count changes, at most every 5 s (fleets post many results a second).
            if progress != reported, reported == nil || ContinuousClock().now - lastReport >= .seconds(5) {
                self.progress(progress.summary)
                reported = progress
                lastReport = ContinuousClock().now
            }
            try await pause(orFail: "\(progress.pending) benchmark jobs of fleet '\(fleet)' still pending")
        }
    }

    /// The deadline came before every assignment was final.
    struct DeploymentTimedOut: Error, CustomStringConvertible {
        /// The deployment as last seen.
        var deployment: DeploymentView
        var description: String
    }

    /// Returns the deployment once every assignment is final.
    ///
    /// - Throws: ``DeploymentTimedOut`` with the last state seen, and the client's errors.
    func waitForDeployment(id: String) async throws -> DeploymentView {
        var reported: DeploymentProgress?
        while true {
            let deployment = try await client.deployment(id: id)
            let current = DeploymentProgress(deployment)
            if current != reported {
                progress("deployment \(id): \(current.summary)")
                reported = current
            }
            if current.isFinished {
                return deployment
            }
            do {
                try await pause(orFail: "deployment \(id) unfinished: \(current.summary)")
            } catch let error as CLIError {
                throw DeploymentTimedOut(deployment: deployment, description: error.description)
            }
        }
    }

    /// Sleeps one interval, or throws `timed out …: <state>` if the deadline comes first.
    private func pause(orFail state: String) async throws {
        let clock = ContinuousClock()
        guard clock.now.advanced(by: interval) < deadline else {
            throw CLIError("timed out after \(String(format: "%g", timeoutSeconds)) s: \(state)")
        }
        try await clock.sleep(for: interval)
    }
}
