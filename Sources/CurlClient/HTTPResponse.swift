/// A complete response: status, header fields of the final response, and the whole body.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code, such as 200.
    public var status: Int
    /// The header fields of the final response (those of interim `1xx` responses are dropped).
    public var headers: HTTPHeaders
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether ``status`` is in `200..<300`.
    public var isSuccess: Bool {
        (200..<300).contains(self.status)
    }
}
