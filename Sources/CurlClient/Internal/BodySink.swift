/// Where a transfer's response body goes.
protocol BodySink: AnyObject {
    /// Takes the next piece of the body of the response with `status` and `headers`.
    ///
    /// - Returns: `nil` to go on, or the error that ends the transfer.
    func write(_ bytes: UnsafeRawBufferPointer, status: Int, headers: HTTPHeaders) -> HTTPClientError?
}

/// Collects a body in memory, up to a limit.
final class MemoryBodySink: BodySink {
    /// The largest body accepted, in bytes.
    let limit: Int
    /// What arrived so far.
    private(set) var bytes: [UInt8] = []

    /// Whether bytes past the limit end the transfer (`true`) or are dropped (`false`).
    private let failsPastLimit: Bool

    init(limit: Int, failsPastLimit: Bool = true) {
        self.limit = limit
        self.failsPastLimit = failsPastLimit
    }

    func write(_ bytes: UnsafeRawBufferPointer, status: Int, headers: HTTPHeaders) -> HTTPClientError? {
        let room = self.limit - self.bytes.count
        guard bytes.count <= room else {
            if self.failsPastLimit {
                return .bodyTooLarge(limit: self.limit)
            }
            self.bytes.append(contentsOf: bytes.prefix(max(0, room)))
            return nil
        }
        self.bytes.append(contentsOf: bytes)
        return nil
    }
}
