import Hummingbird

extension ResponseBody {
    /// This body, calling `written` once it has been written to the connection, or failed to be
    /// (Hummingbird's own `withPostWriteClosure`, which its `MetricsMiddleware` uses, is not public).
    func whenWritten(_ written: @escaping @Sendable () async -> Void) -> ResponseBody {
        let body = self
        return ResponseBody(contentLength: contentLength) { writer in
            do {
                try await body.write(writer)
                await written()
            } catch {
                await written()
                throw error
            }
        }
    }
}
