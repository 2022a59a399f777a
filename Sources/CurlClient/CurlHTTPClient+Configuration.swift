extension CurlHTTPClient {
    /// Settings that apply to every request of a client.
    public struct Configuration: Sendable, Hashable {
        /// The limit for opening a connection (TCP and TLS). Defaults to 10 seconds.
        public var connectTimeout: Duration
        /// The limit for a whole ``CurlHTTPClient/send(_:)`` exchange, unless the request sets its own;
        /// `nil` sets none. Defaults to 60 seconds.
        public var timeout: Duration?
        /// The limit for a whole download; `nil` (the default) sets none and leaves stalls to ``lowSpeedLimit``.
        public var downloadTimeout: Duration?
        /// Aborts a transfer that stays slower than a rate for a while; `nil` never does.
        /// Defaults to under 1 byte per second for 30 seconds.
        public var lowSpeedLimit: LowSpeedLimit?
        /// Header fields sent with every request; a request's own field of the same name replaces them.
        public var defaultHeaders: HTTPHeaders
        /// The `User-Agent` sent unless a request sets its own.
        public var userAgent: String
        /// The largest response body ``CurlHTTPClient/send(_:)`` accepts, in bytes. Defaults to 16 MiB.
        /// Downloads stream to disk and are bounded by their `expectedSize` instead.
        public var maximumBodySize: Int
        /// How many redirects to follow; 0 (the default) follows none and returns the `3xx` response.
        public var maximumRedirects: Int
        /// A PEM file of the certificate authorities that `https` servers are verified against,
        /// instead of the system's; nil (the default) uses the system's. Verification is never off.
        public var caFile: String?

        /// Creates a configuration.
        public init(
            connectTimeout: Duration = .seconds(10),
            timeout: Duration? = .seconds(60),
            downloadTimeout: Duration? = nil,
            lowSpeedLimit: LowSpeedLimit? = LowSpeedLimit(bytesPerSecond: 1, duration: .seconds(30)),
            defaultHeaders: HTTPHeaders = [:],
            userAgent: String = "EffFleet-CurlClient",
            maximumBodySize: Int = 16 << 20,
            maximumRedirects: Int = 0,
            caFile: String? = nil
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.downloadTimeout = downloadTimeout
            self.lowSpeedLimit = lowSpeedLimit
            self.defaultHeaders = defaultHeaders
            self.userAgent = userAgent
            self.maximumBodySize = maximumBodySize
            self.maximumRedirects = maximumRedirects
            self.caFile = caFile
        }

        /// Sends `Authorization: Bearer <token>` with every request.
        public mutating func authorize(bearerToken token: String) {
            self.defaultHeaders.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        }
    }

    /// A minimum transfer rate: slower than `bytesPerSecond` for `duration` ends the transfer
    /// with a ``HTTPClientError/TransportCategory/timedOut`` error.
    public struct LowSpeedLimit: Sendable, Hashable {
        /// The rate, in bytes per second.
        public var bytesPerSecond: Int
        /// How long the rate may stay below the limit; curl counts whole seconds (at least 1).
        public var duration: Duration

        /// Creates a limit.
        public init(bytesPerSecond: Int, duration: Duration) {
            self.bytesPerSecond = bytesPerSecond
            self.duration = duration
        }
    }
}
