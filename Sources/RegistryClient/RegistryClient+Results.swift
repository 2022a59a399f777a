import CurlClient
import Foundation
import RegistryAPI

extension RegistryClient {
    /// `POST /v1/results` (device): stores a benchmark; re-posting the same id stores nothing new.
    public func postResult(_ report: BenchmarkReport) async throws(RegistryClientError) -> ResultAcknowledgement {
        try await send(.post, report, to: url("/v1/results"), as: ResultAcknowledgement.self)
    }

    /// `GET /v1/results[?device=&artifact=&since=]` (admin), newest first.
    ///
    /// - Parameter since: only results received at or after this moment.
    public func listResults(
        device: String? = nil, artifact: String? = nil, since: Date? = nil
    ) async throws(RegistryClientError) -> [BenchmarkReport] {
        let sinceText = since.map { String(format: "%.3f", $0.timeIntervalSince1970) }
        return try await get(
            [BenchmarkReport].self,
            url("/v1/results", query: [("device", device), ("artifact", artifact), ("since", sinceText)])
        )
    }
}
