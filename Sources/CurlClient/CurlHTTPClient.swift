import Dispatch

/// An HTTP client built on libcurl's easy interface.
///
/// Each client owns one curl handle, so consecutive requests reuse the open connection (keep-alive).
/// Requests of one client run one at a time on the client's own serial queue, never on Swift's
/// cooperative thread pool; use several clients for parallel requests.
///
/// ```swift
/// var configuration = CurlHTTPClient.Configuration()
/// configuration.authorize(bearerToken: token)
/// let client = try CurlHTTPClient(configuration: configuration)
/// let agents: [Agent] = try await client.getJSON(from: "http://registry:8080/v1/agents")
/// ```
///
/// Cancelling the calling task aborts the transfer within about a second with ``HTTPClientError/cancelled``.
public final class CurlHTTPClient: Sendable {
    /// The settings every request uses.
    public let configuration: Configuration

    private let handle: CurlEasyHandle
    private let queue: DispatchQueue

    /// Creates a client.
    ///
    /// - Throws: ``HTTPClientError/transport(code:message:url:)`` if libcurl cannot be initialised.
    public init(configuration: Configuration = Configuration()) throws(HTTPClientError) {
        self.configuration = configuration
        self.handle = try CurlEasyHandle()
        self.queue = DispatchQueue(label: "CurlHTTPClient")
    }

    /// Sends a request and collects the whole response, whatever its status.
    ///
    /// - Throws: ``HTTPClientError/invalidURL(_:)``, ``HTTPClientError/invalidHeader(name:)``,
    ///   ``HTTPClientError/bodyTooLarge(limit:)`` past ``Configuration/maximumBodySize``,
    ///   ``HTTPClientError/transport(code:message:url:)`` and ``HTTPClientError/cancelled``.
    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let configuration = self.configuration
        return try await self.withHandle { handle, cancellation throws(HTTPClientError) in
            let sink = MemoryBodySink(limit: configuration.maximumBodySize)
            let context = TransferContext(sink: sink, cancellation: cancellation)
            let status = try handle.perform(
                request,
                timeout: request.timeout ?? configuration.timeout,
                configuration: configuration,
                context: context
            )
            return HTTPResponse(status: status, headers: context.headers, body: sink.bytes)
        }
    }

    /// Runs `work` with the curl handle on the client's queue and waits for it without blocking a thread
    /// of the cooperative pool. Cancelling the task raises the flag that `work`'s transfers watch.
    func withHandle<Value: Sendable>(
        _ work: @escaping @Sendable (CurlEasyHandle, CancellationFlag) throws(HTTPClientError) -> Value
    ) async throws(HTTPClientError) -> Value {
        let cancellation = CancellationFlag()
        let handle = self.handle
        let outcome: Result<Value, HTTPClientError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                self.queue.async {
                    guard !cancellation.isCancelled else {
                        continuation.resume(returning: .failure(.cancelled))
                        return
                    }
                    let outcome = Result { () throws(HTTPClientError) in try work(handle, cancellation) }
                    continuation.resume(returning: outcome)
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try outcome.get()
    }
}
