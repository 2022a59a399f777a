/// The state libcurl's callbacks of one transfer share: response head, body sink, cancellation,
/// and the error a callback ended the transfer with.
final class TransferContext {
    /// The status of the latest response head (the final one once the transfer is done).
    private(set) var status = 0
    /// The header fields of the latest response head.
    private(set) var headers = HTTPHeaders()
    /// The error a callback ended the transfer with, which explains curl's generic code.
    private(set) var failure: HTTPClientError?

    let sink: any BodySink
    let cancellation: CancellationFlag

    init(sink: any BodySink, cancellation: CancellationFlag) {
        self.sink = sink
        self.cancellation = cancellation
    }

    /// Takes one header line, such as `HTTP/1.1 200 OK\r\n` or `Content-Length: 5\r\n`.
    /// A status line starts a new response head, so those of `1xx` and redirect responses are dropped.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingLineEnd()
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2)
            self.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            self.headers = HTTPHeaders()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            self.headers.add(name: name, value: String(value))
        }
    }

    /// Passes body bytes to the sink.
    ///
    /// - Returns: whether the transfer goes on.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let error = self.sink.write(bytes, status: self.status, headers: self.headers) {
            self.failure = error
            return false
        }
        return true
    }

    /// Whether the transfer must stop because the task was cancelled.
    func shouldAbort() -> Bool {
        guard self.cancellation.isCancelled else {
            return false
        }
        self.failure = .cancelled
        return true
    }
}

extension String {
    /// The string without trailing `\r` and `\n`.
    fileprivate func trimmingLineEnd() -> String {
        var trimmed = Substring(self)
        while let last = trimmed.last, last == "\r" || last == "\n" || last == "\r\n" {
            trimmed.removeLast()
        }
        return String(trimmed)
    }
}
