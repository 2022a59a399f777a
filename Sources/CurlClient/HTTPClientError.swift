/// Why a request or download failed.
public enum HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libcurl failed the transfer: `code` is the `CURLcode`, `message` curl's own text.
    /// ``transportCategory`` sorts the code into a few kinds worth reacting to.
    case transport(code: Int, message: String, url: String)
    /// The URL is malformed, has no supported scheme (`http`, `https`), or contains a NUL byte.
    case invalidURL(String)
    /// A header field's name is not an HTTP token, or its value holds a line break or NUL byte.
    case invalidHeader(name: String)
    /// The response body grew past `limit` bytes.
    case bodyTooLarge(limit: Int)
    /// A helper that requires a `2xx` status got another one.
    case httpStatus(code: Int, body: [UInt8])
    /// The downloaded file's SHA-256 (lowercase hex) is not the expected one.
    case checksumMismatch(expected: String, actual: String)
    /// The file system holding the destination has fewer free bytes than the download needs.
    case insufficientDiskSpace(needed: Int, available: Int)
    /// A file operation for a download failed with `errno`.
    case fileSystem(operation: String, path: String, errno: Int32)
    /// A JSON helper could not encode the request body.
    case encoding(String)
    /// A JSON helper could not decode the response body.
    case decoding(String)
    /// The calling task was cancelled.
    case cancelled

    /// The kinds of transport failure.
    public enum TransportCategory: String, Sendable, Hashable {
        /// No connection could be made: refused, unreachable, or the name did not resolve.
        case couldNotConnect
        /// A timeout or the low-speed limit ended the transfer.
        case timedOut
        /// The connection broke after it was made: reset, closed early, or nothing received.
        case connectionLost
        /// TLS handshake or certificate verification failed.
        case tls
        /// Anything else.
        case other
    }

    /// The kind of a ``transport(code:message:url:)`` failure; `nil` for other errors.
    public var transportCategory: TransportCategory? {
        guard case .transport(let code, _, _) = self else {
            return nil
        }
        return TransportCategory(curlCode: code)
    }

    /// One line that says what happened.
    public var description: String {
        switch self {
        case .transport(let code, let message, let url):
            let category = TransportCategory(curlCode: code)
            let target = url.isEmpty ? "" : " for \(url)"
            return "\(category.rawValue): \(message) (curl error \(code))\(target)"
        case .invalidURL(let url):
            return "invalid URL: \(url)"
        case .invalidHeader(let name):
            return "invalid header field: \(name)"
        case .bodyTooLarge(let limit):
            return "response body larger than \(limit) bytes"
        case .httpStatus(let code, let body):
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            let excerpt = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            return "HTTP status \(code): \(excerpt)"
        case .checksumMismatch(let expected, let actual):
            return "SHA-256 mismatch: expected \(expected), got \(actual)"
        case .insufficientDiskSpace(let needed, let available):
            return "insufficient disk space: \(needed) bytes needed, \(available) available"
        case .fileSystem(let operation, let path, let errno):
            return "\(operation) failed for \(path): errno \(errno)"
        case .encoding(let message):
            return "cannot encode JSON body: \(message)"
        case .decoding(let message):
            return "cannot decode JSON body: \(message)"
        case .cancelled:
            return "cancelled"
        }
    }
}
