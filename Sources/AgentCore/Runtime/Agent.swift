import EffCore
import Foundation
import LiteEngine
import Logging
import RegistryAPI
import RegistryClient

/// The agent daemon's work: enroll once, then until stopped: heartbeat, deliver the outbox, run
/// pending benchmark jobs, and carry out the device's assignment (then measure it in service).
///
/// Every step is safe to repeat, so a restart (even after SIGKILL) resumes where the agent was:
/// credentials live in the data folder, reports wait in the on-disk outbox until the registry
/// acknowledges them, jobs stay pending in the registry until their result arrives (result ids
/// are derived from job ids), partial downloads resume, and the active artifact only ever changes
/// by an atomic link swap after the new one has served an inference. Registry outages are retried
/// with exponential back-off and jitter.
public struct Agent: Sendable {
    public let configuration: AgentConfiguration
    let directory: AgentDataDirectory
    let outbox: Outbox
    let runner: any MeasurementRunner
    let stop: StopSignal
    let logger: Logger
    let connect: RegistryConnector
    let backoff: Backoff
    let metrics: AgentMetrics

    /// An agent for `configuration`: benchmarks run through `runner`, registry connections come
    /// from `connect` (by default libcurl's ``RegistryClient`` to `configuration.registry`, or a
    /// ``FailoverRegistry`` over one client per replica when it names several), and
    /// retries wait as `backoff` says, and `metrics` records benchmarks, the outbox and contacts.
    public init(
        configuration: AgentConfiguration, runner: any MeasurementRunner, stop: StopSignal, logger: Logger,
        connect: RegistryConnector? = nil, backoff: Backoff = Backoff(base: .milliseconds(250), cap: .seconds(30)),
        metrics: AgentMetrics = AgentMetrics()
    ) throws {
        self.configuration = configuration
        self.metrics = metrics
        self.directory = try AgentDataDirectory(root: configuration.dataDirectory)
        self.outbox = try Outbox(directory: configuration.dataDirectory, depth: metrics.outboxDepth)
        self.runner = runner
        self.stop = stop
        self.logger = logger
        self.connect =
            connect ?? { [urls = configuration.registryURLs, caFile = configuration.caFile] token, timeout in
                let replicas = try urls.map { url in
                    (
                        url: url,
                        registry: try RegistryClient(baseURL: url, token: token, timeout: timeout, caFile: caFile) as any DeviceRegistry
                    )
                }
                return replicas.count == 1 ? replicas[0].registry : FailoverRegistry(replicas: replicas, logger: logger)
            }
        self.backoff = backoff
    }

    /// Runs until a stop is requested. Registry outages are waited out; only a rejected device
    /// token or an unusable configuration end the run with an error.
    public func run() async throws {
        guard let token = try await deviceToken() else {
            logger.info("stopped before enrolling")
            return
        }
        let client = try connect(token, .seconds(30))
        // Heartbeats go on their own schedule and connection, with a short timeout, so that a long
        // benchmark or a download stalled by a cut link never makes the device look dead.
        let heartbeatClient = try connect(token, .seconds(5))
        let heartbeats = Task { [configuration, stop, logger, metrics] in
            while !stop.isRequested {
                do {
                    try await heartbeatClient.heartbeat()
                    metrics.noteContact()
                } catch {
                    logger.debug("heartbeat failed: \(error)")
                }
                await stop.sleep(for: configuration.heartbeatInterval)
            }
        }
        defer { heartbeats.cancel() }
        var outage = Outage()
        var artifactsChecked: ContinuousClock.Instant?
        var diskFullFailures = 0
        while !stop.isRequested {
            do {
                try await outbox.flush(client, logger: logger)
                let worked = try await runPendingJobs(client)
                metrics.noteContact()
                let changed = stop.isRequested ? false : try await carryOutAssignment(client)
                if artifactsChecked.map({ .now - $0 >= Self.deletedArtifactsCheckInterval }) ?? true {
                    try await dropDeletedArtifacts(client)
                    artifactsChecked = .now
                }
                if let line = outage.ended() { logger.notice("\(line)") }
                diskFullFailures = 0
                if !worked && !changed { await stop.sleep(for: configuration.pollInterval) }
            } catch is AgentStopped {
                break
            } catch let error where error.isUnauthorized {
                throw AgentError(
                    "the registry rejected this device's token (\(error)); remove \(directory.root.path)/device.json to enroll again")
            } catch let error where DiskFull(error) != nil {
                diskFullFailures += 1
                let delay = backoff.delay(afterFailures: diskFullFailures)
                logger.error("\(DiskFull(error) ?? DiskFull(path: directory.root.path)); retrying in \(delay.text)")
                await stop.sleep(for: delay)
            } catch {
                let failures = outage.failed()
                let delay = backoff.delay(afterFailures: failures)
                logger.warning("registry unavailable (attempt \(failures)), retrying in \(delay.text): \(error)")
                await stop.sleep(for: delay)
            }
        }
        await heartbeats.value
        logger.info("stopped")
    }

    /// Runs a measurement or an inference, holding the machine lock if agents share this machine;
    /// `body` learns whether another agent held the lock first.
    func measure<T>(_ body: (_ waitedForLock: Bool) async throws -> T) async throws -> T {
        guard let path = configuration.machineLock else { return try await body(false) }
        return try await MachineLock(path: path).withLock(stop: stop, body)
    }

    /// Benchmarks `path` with `backend` in a child process, holding the machine lock. A result
    /// whose trials disagree by more than ``MeasurementPolicy/trialSpreadTolerance`` is measured
    /// once more; if that one disagrees too, it comes back marked unstable.
    func benchmark(
        _ path: String, backend: BackendKind, options: BenchmarkOptions
    ) async throws -> (result: BenchmarkResult, unstable: Bool) {
        var result = try await measureOnce(path, backend: backend, options: options)
        guard result.trialSpread > MeasurementPolicy.trialSpreadTolerance else { return (result, false) }
        logger.info("\(backend.rawValue): trials disagree by \(Int(result.trialSpread * 100)) %; measuring again")
        result = try await measureOnce(path, backend: backend, options: options)
        return (result, result.trialSpread > MeasurementPolicy.trialSpreadTolerance)
    }

    /// One benchmark of `path` with `backend` on this device's threads, in a child process,
    /// holding the machine lock; its context says whether it waited for the lock.
    func measureOnce(_ path: String, backend: BackendKind, options: BenchmarkOptions) async throws -> BenchmarkResult {
        var options = options
        options.backend = .kind(backend)
        options.threads = configuration.threads
        return try await measure { waited in
            let start = ContinuousClock.now
            var result = try await runner.measure(artifactPath: path, options: options)
            metrics.recordBenchmark(ContinuousClock.now - start, backend: backend.rawValue)
            result.context?.waitedForMachineLock = configuration.machineLock == nil ? nil : waited
            return result
        }
    }

    /// The device token, enrolling first if this data folder has none; nil when a stop was
    /// requested before enrollment succeeded.
    func deviceToken() async throws -> String? {
        if let credentials = directory.credentials() {
            logger.info("device \(configuration.name) is \(credentials.deviceId)")
            return credentials.deviceToken
        }
        guard let enrollmentToken = configuration.enrollmentToken else {
            throw AgentError("\(directory.root.path) holds no device credentials and no enrollment token was given")
        }
        let hardware = HardwareProbe.current(backend: configuration.backend.description, threads: configuration.threads)
        let request = EnrollRequest(
            name: configuration.name, fleet: configuration.fleet, hardware: hardware, engineVersion: EngineInfo.version,
            latencyBudgetMs: configuration.latencyBudgetMs, memoryBudgetMb: configuration.memoryBudgetMb)
        var attempt = 0
        var refusals = 0
        while true {
            do {
                let enrolled = try await connect(enrollmentToken, .seconds(30)).enroll(request)
                try directory.saveCredentials(
                    .init(deviceId: enrolled.deviceId, deviceToken: enrolled.deviceToken, registry: configuration.registry))
                logger.info(
                    "enrolled \(configuration.name) in fleet \(configuration.fleet) as \(enrolled.deviceId) (\(hardware.hardwareClass))")
                return enrolled.deviceToken
            } catch let error where error.isUnreachable && attempt < 60 && !stop.isRequested {
                attempt += 1
                let delay = backoff.delay(afterFailures: attempt)
                logger.warning("cannot reach the registry to enroll (\(error)); retrying in \(delay.text)")
                await stop.sleep(for: delay)
            } catch let error where error.isForbidden && !stop.isRequested {
                // This name is enrolled already and this data folder lost its token: wait for an
                // operator's approval, asking again every few seconds.
                refusals += 1
                if refusals == 1 {
                    logger.warning(
                        Logger.Message(
                            stringLiteral:
                                "\(configuration.name) is already enrolled in fleet \(configuration.fleet) and this device holds no token "
                                + "for it; "
                                + "waiting for an operator to run: effctl devices approve-reenroll \(configuration.name) --fleet "
                                + "\(configuration.fleet)"
                        ))
                }
                await stop.sleep(for: min(backoff.delay(afterFailures: refusals), .seconds(5)))
            }
            if stop.isRequested { return nil }
        }
    }
}
