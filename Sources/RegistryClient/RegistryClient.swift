import CurlClient
import EffCore
import Foundation

/// A typed client for the registry API (`Docs/API.md`): one async method per route.
///
/// ```swift
/// let registry = try RegistryClient(baseURL: "http://127.0.0.1:8700", token: adminToken)
/// let fleets = try await registry.listFleets()
/// ```
///
/// Every method throws ``RegistryClientError``: an error status carries the registry's own message.
/// Requests of one client run one at a time over one kept-alive connection.
public struct RegistryClient: Sendable {
    /// The registry's address without a trailing slash, such as `http://127.0.0.1:8700`.
    public let baseURL: String

    let http: CurlHTTPClient

    /// Creates a client that sends `token` as the bearer token of every request.
    ///
    /// - Parameters:
    ///   - baseURL: `http://host:port` or `https://…`, optionally with a path prefix.
    ///   - token: an admin, enrollment or device token; `nil` sends none (only `/healthz` allows that).
    ///   - timeout: the limit for one exchange (uploads and downloads get their own, longer limits).
    ///   - maximumAnswerSize: the largest JSON answer accepted (a plan of 100,000 devices is about 45 MB).
    ///   - caFile: a PEM file of the authorities an `https` registry's certificate is verified against
    ///     (a private CA); nil uses the system's.
    /// - Throws: ``RegistryClientError/invalidURL(_:)`` for a base URL that is not `http`/`https`.
    public init(
        baseURL: String, token: String?, timeout: Duration = .seconds(30), maximumAnswerSize: Int = 16 << 20, caFile: String? = nil
    ) throws(RegistryClientError) {
        var trimmed = baseURL.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") {
            trimmed.removeLast()
        }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw .invalidURL(baseURL)
        }
        var configuration = CurlHTTPClient.Configuration(
            connectTimeout: .seconds(5), timeout: timeout, userAgent: "effctl", maximumBodySize: maximumAnswerSize, caFile: caFile)
        if let token {
            configuration.authorize(bearerToken: token)
        }
        do {
            self.http = try CurlHTTPClient(configuration: configuration)
        } catch {
            throw Self.translate(error, url: trimmed)
        }
        self.baseURL = trimmed
    }

    /// The absolute URL of `path` (which starts with `/`) plus a percent-encoded query.
    public func url(_ path: String, query: [(String, String?)] = []) -> String {
        baseURL + path + PercentEncoding.query(query)
    }

    /// `segment` percent-encoded for use inside a path.
    static func segment(_ segment: String) -> String {
        PercentEncoding.encode(segment)
    }

    // MARK: - Exchanges

    /// Sends a request and returns the response if its status is 2xx.
    func exchange(
        _ method: HTTPMethod, _ url: String, body: [UInt8]? = nil, headers: HTTPHeaders = [:], timeout: Duration? = nil
    ) async throws(RegistryClientError) -> HTTPResponse {
        var allHeaders: HTTPHeaders = ["Accept": "application/json"]
        allHeaders = allHeaders.merging(headers)
        let request = HTTPRequest(method: method, url: url, headers: allHeaders, body: body, timeout: timeout)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw Self.translate(error, url: url)
        }
        guard response.isSuccess else {
            var message = RegistryErrorBody.message(from: response.body)
            if message.isEmpty, response.status == 404 || response.status == 405 {
                // The router's own answer: the registry has no such route (it is older than this client).
                let path = String(url.dropFirst(baseURL.count).prefix { $0 != "?" })
                message = "no route \(method.rawValue) \(path) (is the registry older than this client?)"
            }
            throw .status(code: response.status, message: message, method: method.rawValue, url: url)
        }
        return response
    }

    /// `GET url`, decoding the JSON answer.
    func get<T: Decodable>(_ type: T.Type, _ url: String) async throws(RegistryClientError) -> T {
        try decode(type, from: try await exchange(.get, url), url: url)
    }

    /// Sends `body` as JSON with `method` and decodes the JSON answer.
    func send<Body: Encodable, T: Decodable>(
        _ method: HTTPMethod, _ body: Body, to url: String, as type: T.Type
    ) async throws(RegistryClientError) -> T {
        let response = try await exchange(method, url, body: try encode(body), headers: ["Content-Type": "application/json"])
        return try decode(type, from: response, url: url)
    }

    /// Sends `body` as JSON with `method` and ignores the answer's body.
    func send<Body: Encodable>(_ method: HTTPMethod, _ body: Body, to url: String) async throws(RegistryClientError) {
        _ = try await exchange(method, url, body: try encode(body), headers: ["Content-Type": "application/json"])
    }

    func encode<Body: Encodable>(_ body: Body) throws(RegistryClientError) -> [UInt8] {
        do {
            return [UInt8](try SnakeCaseJSON.encoder().encode(body))
        } catch {
            throw .encoding(String(describing: error))
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, url: String) throws(RegistryClientError) -> T {
        do {
            return try SnakeCaseJSON.decoder().decode(type, from: Data(response.body))
        } catch {
            throw .invalidResponse(url: url, reason: "cannot decode \(T.self): \(Self.describe(decodingError: error))")
        }
    }

    /// A short account of a decoding failure: what was wrong and where.
    static func describe(decodingError error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : "'" + keys.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' in \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return String(describing: error)
        }
    }

    /// The client error for a failure of the HTTP layer at `url` (public for tests that meet a
    /// file-system failure without a registry).
    public static func translate(_ error: HTTPClientError, url: String) -> RegistryClientError {
        switch error {
        case .transport(_, let message, _):
            let category = error.transportCategory ?? .other
            let reason: String
            switch category {
            case .couldNotConnect: reason = "connection failed (\(message))"
            case .timedOut: reason = "timed out (\(message))"
            case .connectionLost: reason = "connection lost (\(message))"
            case .tls: reason = "TLS failed (\(message))"
            case .other: reason = message
            }
            return .unreachable(url: url, reason: reason)
        case .invalidURL(let bad):
            return .invalidURL(bad)
        case .invalidHeader(let name):
            return .encoding("header '\(name)' cannot be sent (is the token one line of printable characters?)")
        case .bodyTooLarge(let limit):
            return .invalidResponse(url: url, reason: "answer larger than \(limit) bytes")
        case .httpStatus(let code, let body):
            return .status(code: code, message: RegistryErrorBody.message(from: body), method: "GET", url: url)
        case .checksumMismatch(let expected, let actual):
            return .checksumMismatch(expected: expected, actual: actual)
        case .insufficientDiskSpace(let needed, let available):
            return .file(path: url, reason: "\(RegistryClientError.diskFull): \(needed) bytes needed, \(available) available")
        case .fileSystem(let operation, let path, let errno) where errno == ENOSPC || errno == EDQUOT:
            return .file(path: path, reason: "\(RegistryClientError.diskFull): \(operation) failed")
        case .fileSystem(let operation, let path, let errno):
            return .file(path: path, reason: "\(operation) failed: \(String(cString: strerror(errno)))")
        case .encoding(let message):
            return .encoding(message)
        case .decoding(let message):
            return .invalidResponse(url: url, reason: message)
        case .cancelled:
            return .cancelled
        }
    }
}
