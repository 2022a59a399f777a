import Foundation
import LiteEngine
import RegistryAPI
import RegistryClient

extension Agent {
    /// Runs every pending benchmark job; returns whether there were any.
    func runPendingJobs(_ client: RegistryClient) async throws -> Bool {
        let jobs = try await client.deviceJobs()
        for job in jobs where !stop.isRequested {
            try await run(job, client)
        }
        return !jobs.isEmpty
    }

    /// Downloads, measures and reports one job. A failure of the artifact itself (a bad file, an
    /// engine error) is reported as the job's failure; a registry outage is thrown to be retried.
    private func run(_ job: BenchmarkJobView, _ client: RegistryClient) async throws {
        let path = directory.artifactPath(job.artifactId)
        let measured: BenchmarkResult
        do {
            try await download(job.artifactId, size: job.sizeBytes, to: path, client)
            var options = configuration.benchmark
            options.threads = configuration.threads
            measured = try await measure { try BenchmarkHarness.run(artifactPath: path, options: options) }
        } catch let error as RegistryClientError where !error.isArtifactFault {
            throw error
        } catch {
            logger.error("job \(job.id): \(job.variant) \(job.precision) cannot be benchmarked: \(error)")
            try await send(.jobFailure(jobId: job.id, JobFailureReport(error: String(describing: error))), client)
            return
        }
        let latency = measured.latency
        let report = BenchmarkReport(
            id: "job-\(job.id)", artifactId: job.artifactId, threads: measured.threads, runs: latency.count, meanMs: latency.mean,
            stdMs: latency.std, minMs: latency.min, p50Ms: latency.p50, p90Ms: latency.p90, p99Ms: latency.p99, maxMs: latency.max,
            initMs: measured.initMilliseconds, firstMs: measured.firstMilliseconds, peakRSSMB: measured.peakResidentMegabytes,
            engineVersion: measured.engineVersion)
        try await send(.result(report), client)
        logger.info("benchmarked \(job.variant) \(job.precision): p50 \(Self.ms(latency.p50)), p90 \(Self.ms(latency.p90)) over \(latency.count) runs")
    }

    /// Writes `message` to the outbox, then delivers the outbox.
    func send(_ message: OutboxMessage, _ client: RegistryClient) async throws {
        try await outbox.enqueue(message)
        try await outbox.flush(client, logger: logger)
    }

    /// Fetches artifact `id` unless a verified copy is already there.
    func download(_ id: String, size: Int, to path: String, _ client: RegistryClient) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let result = try await client.downloadBlob(id: id, to: path, expectedSize: size)
        let resumed = result.resumed ? ", resumed: \(result.bytesDownloaded) fetched now" : ""
        logger.info("downloaded \(id.prefix(12)) (\(result.fileSize) bytes\(resumed))")
    }

    static func ms(_ value: Double) -> String {
        String(format: "%.2f ms", value)
    }
}
