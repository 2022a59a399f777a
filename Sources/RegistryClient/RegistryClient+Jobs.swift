import CurlClient
import RegistryAPI

extension RegistryClient {
    /// `GET /v1/jobs` (device): the calling device's pending benchmark jobs.
    public func deviceJobs() async throws(RegistryClientError) -> [BenchmarkJobView] {
        try await get([BenchmarkJobView].self, url("/v1/jobs"))
    }

    /// `GET /v1/jobs?fleet=&state=&device=` (admin): jobs of any device, filtered.
    ///
    /// - Parameter state: `pending`, `done` or `failed`.
    public func listJobs(
        fleet: String? = nil, state: String? = nil, device: String? = nil
    ) async throws(RegistryClientError) -> [BenchmarkJobView] {
        try await get([BenchmarkJobView].self, url("/v1/jobs", query: [("fleet", fleet), ("state", state), ("device", device)]))
    }

    /// `POST /v1/jobs/{id}/failure` (that device): the device cannot run the job; returns the failed job.
    public func reportJobFailure(id: String, error: String) async throws(RegistryClientError) -> BenchmarkJobView {
        try await send(
            .post, JobFailureReport(error: error), to: url("/v1/jobs/" + Self.segment(id) + "/failure"), as: BenchmarkJobView.self)
    }
}
