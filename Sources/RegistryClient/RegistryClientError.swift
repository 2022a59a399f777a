/// Why a registry call failed, in terms an operator can act on.
///
/// ``description`` is one line, such as `registry answered 404: no fleet 'x'`.
public enum RegistryClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The registry answered with an error status. `message` is the registry's own explanation from
    /// its `{"error": {"message": …}}` body, or an excerpt of whatever else the body held.
    case status(code: Int, message: String, method: String, url: String)
    /// No answer came from the registry: it could not be reached, the connection broke, or it timed out.
    case unreachable(url: String, reason: String)
    /// The base URL or a path built from it is not a usable `http`/`https` URL.
    case invalidURL(String)
    /// The registry answered, but not with what the route promises.
    case invalidResponse(url: String, reason: String)
    /// A request body could not be encoded.
    case encoding(String)
    /// A local file could not be read or written.
    case file(path: String, reason: String)
    /// A downloaded blob's SHA-256 is not the artifact's id.
    case checksumMismatch(expected: String, actual: String)
    /// The calling task was cancelled.
    case cancelled

    /// The HTTP status for ``status(code:message:method:url:)``, nil otherwise.
    public var statusCode: Int? {
        if case .status(let code, _, _, _) = self { return code }
        return nil
    }

    /// The reason a ``file(path:reason:)`` error starts with when the disk is full (ENOSPC, a quota,
    /// or a download that does not fit).
    public static let diskFull = "disk full"

    /// Whether a local file could not be written because the disk is full.
    public var isDiskFull: Bool {
        if case .file(_, let reason) = self { return reason.hasPrefix(Self.diskFull) }
        return false
    }

    /// One line that says what happened.
    public var description: String {
        switch self {
        case .status(let code, let message, _, _):
            return message.isEmpty ? "registry answered \(code)" : "registry answered \(code): \(message)"
        case .unreachable(let url, let reason):
            return "could not reach the registry at \(url): \(reason)"
        case .invalidURL(let url):
            return "invalid registry URL '\(url)' (expected http://host:port or https://…)"
        case .invalidResponse(let url, let reason):
            return "unexpected answer from \(url): \(reason)"
        case .encoding(let reason):
            return "cannot encode the request: \(reason)"
        case .file(let path, let reason):
            return "\(path): \(reason)"
        case .checksumMismatch(let expected, let actual):
            return "downloaded blob has SHA-256 \(actual), expected \(expected)"
        case .cancelled:
            return "cancelled"
        }
    }
}
