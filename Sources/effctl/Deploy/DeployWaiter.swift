import EffCore
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// Polls the registry for `effctl deploy --wait`, within one deadline. A registry that stops
/// answering (restarting, or a proxy's 502/503/504 meanwhile) is asked again with back-off until the
/// deadline, and the progress says so once per outage.
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
            let progress = JobProgress(try await ask { try await client.listJobs(fleet: fleet, state: "pending") })
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
            try await pause(orFail: "\(progress.pending.counted("benchmark job")) of fleet '\(fleet)' still pending")
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
            let deployment = try await ask { try await client.deployment(id: id) }
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

    /// `call`'s answer, asking again while the registry cannot answer (250 ms doubling to 5 s, within
    /// the deadline); other errors are thrown at once.
    private func ask<T>(_ call: () async throws -> T) async throws -> T {
        var outage = 0
        while true {
            do {
                let answer = try await call()
                if outage > 0 { progress("registry answering again after \(outage) attempt\(outage == 1 ? "" : "s")") }
                return answer
            } catch let error as RegistryClientError where Self.isTransient(error) {
                outage += 1
                let delay = Duration.milliseconds(min(250 << min(outage - 1, 5), 5000))
                if outage == 1 { progress("registry not answering (\(error)); retrying until the --timeout") }
                let clock = ContinuousClock()
                guard clock.now.advanced(by: delay) < deadline else {
                    throw CLIError("timed out after \(String(format: "%g", timeoutSeconds)) s: \(error)")
                }
                try await clock.sleep(for: delay)
            }
        }
    }

    /// Whether a failure is the registry being away for a while, not a refusal.
    private static func isTransient(_ error: RegistryClientError) -> Bool {
        switch error {
        case .unreachable: true
        case .status(let code, _, _, _): [502, 503, 504].contains(code)
        default: false
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
