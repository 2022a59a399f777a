import CurlClient
import Foundation
import LiteEngine
import Logging
import RegistryAPI
import RegistryClient

extension Agent {
    /// Runs every pending benchmark job; returns whether there were any. After each job the data
    /// folder keeps only the active and previous artifacts and those the remaining jobs need.
    func runPendingJobs(_ client: any DeviceRegistry) async throws -> Bool {
        let jobs = try await client.deviceJobs()
        for (position, job) in jobs.enumerated() where !stop.isRequested {
            try await run(job, client)
            let freed = directory.removeArtifacts(keeping: Set(jobs[(position + 1)...].map(\.artifactId)))
            if freed > 0 { logger.debug("removed benchmarked artifacts: \(freed >> 20) MiB freed") }
        }
        return !jobs.isEmpty
    }

    /// Downloads one job's artifact, measures it with every backend this device benchmarks (each
    /// in a child process), and reports one result per backend. A failure of the artifact itself
    /// (a bad file, an engine error with every backend) is reported as the job's failure; a
    /// registry outage is thrown to be retried; a stop ends the job unreported.
    private func run(_ job: BenchmarkJobView, _ client: any DeviceRegistry) async throws {
        let path = directory.artifactPath(job.artifactId)
        do {
            try await download(job.artifactId, size: job.sizeBytes, to: path, client)
        } catch let error as RegistryClientError where !error.isArtifactFault {
            throw error
        } catch {
            logger.error("job \(job.id): \(job.variant) \(job.precision) cannot be fetched: \(error)")
            try await send(.jobFailure(jobId: job.id, JobFailureReport(error: String(describing: error))), client)
            return
        }
        var reports: [BenchmarkReport] = []
        var failures: [String] = []
        for backend in configuration.measuredBackends {
            do {
                let (measured, unstable) = try await benchmark(path, backend: backend, options: configuration.benchmark)
                let round = (job.round ?? 1) > 1 ? "-r\(job.round ?? 1)" : ""
                var report = Self.report(measured, id: "job-\(job.id)\(round)-\(backend.rawValue)", artifactId: job.artifactId)
                report.unstable = unstable
                reports.append(report)
                let latency = measured.latency
                logger.info(
                    Logger.Message(
                        stringLiteral: "benchmarked \(job.variant) \(job.precision) on \(backend.rawValue): p50 \(Self.ms(latency.p50)), "
                            + "p90 \(Self.ms(latency.p90)) over \(latency.count) runs, \(Int(measured.peakRssMb)) MB peak"))
            } catch is AgentStopped {
                throw AgentStopped()
            } catch {
                logger.error("job \(job.id): \(job.variant) \(job.precision) on \(backend.rawValue) cannot be benchmarked: \(error)")
                failures.append("\(backend.rawValue): \(error)")
            }
        }
        guard !reports.isEmpty else {
            try await send(.jobFailure(jobId: job.id, JobFailureReport(error: failures.joined(separator: "; "))), client)
            return
        }
        // Every backend's result is on disk before any is delivered: the first one delivered
        // completes the job at the registry.
        for report in reports { try await outbox.enqueue(.result(report)) }
        try await outbox.flush(client, logger: logger)
    }

    /// The registry's form of a measurement.
    static func report(_ measured: BenchmarkResult, id: String, artifactId: String) -> BenchmarkReport {
        let latency = measured.latency
        let figures = BenchmarkFigures(
            backend: measured.backend, threads: measured.threads, runs: latency.count, meanMs: latency.mean, stdMs: latency.std,
            minMs: latency.min, p50Ms: latency.p50, p90Ms: latency.p90, p99Ms: latency.p99, maxMs: latency.max,
            initMs: measured.initMs, firstMs: measured.firstMs, peakRssMb: measured.peakRssMb,
            engineVersion: measured.engineVersion, trials: measured.trials.count, trialSpread: measured.trialSpread,
            intervals: measured.intervals, context: measured.context)
        return BenchmarkReport(id: id, artifactId: artifactId, figures: figures)
    }

    /// Writes `message` to the outbox, then delivers the outbox.
    func send(_ message: OutboxMessage, _ client: any DeviceRegistry) async throws {
        try await outbox.enqueue(message)
        try await outbox.flush(client, logger: logger)
    }

    /// Fetches artifact `id` unless a verified copy is already there.
    func download(_ id: String, size: Int, to path: String, _ client: any DeviceRegistry) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let result = try await client.downloadBlob(id: id, to: path, expectedSize: size)
        let resumed = result.resumed ? ", resumed: \(result.bytesDownloaded) fetched now" : ""
        logger.info("downloaded \(id.prefix(12)) (\(result.fileSize) bytes\(resumed))")
    }

    static func ms(_ value: Double) -> String {
        String(format: "%.2f ms", value)
    }
}
