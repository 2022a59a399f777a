/// A request for ``CurlHTTPClient/send(_:)``.
public struct HTTPRequest: Sendable, Hashable {
    /// The method.
    public var method: HTTPMethod
    /// The absolute `http` or `https` URL.
    public var url: String
    /// Header fields; they replace the client's default fields of the same name.
    public var headers: HTTPHeaders
    /// The body, sent with a `Content-Length`; `nil` sends none.
    public var body: [UInt8]?
    /// The limit for the whole exchange; `nil` uses ``CurlHTTPClient/Configuration/timeout``.
    public var timeout: Duration?

    /// Creates a request.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
