import CCurl

/// One libcurl easy handle, reused across transfers so that its connection cache keeps connections alive.
///
/// Not thread-safe: a ``CurlHTTPClient`` touches its handle only on its serial queue, which is what makes
/// the `@unchecked Sendable` conformance sound.
final class CurlEasyHandle: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer
    /// Where curl writes the detailed text of a failure (`CURLOPT_ERRORBUFFER`).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(HTTPClientError) {
        let initialization = CurlGlobal.initialization
        guard initialization == CURLE_OK else {
            throw HTTPClientError(curlCode: initialization, detail: "curl_global_init failed", url: "")
        }
        guard let raw = curl_easy_init() else {
            throw HTTPClientError(curlCode: CURLE_FAILED_INIT, detail: "curl_easy_init failed", url: "")
        }
        self.raw = raw
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(self.raw)
        self.errorBuffer.deallocate()
    }

    /// Runs one transfer and waits for it to end.
    ///
    /// `curl_easy_reset` clears the previous transfer's options but keeps the connection cache.
    ///
    /// - Parameters:
    ///   - timeout: the limit for the whole transfer; `nil` sets none.
    ///   - rangeStart: when set, asks for the bytes from this offset on (`Range: bytes=N-`).
    /// - Returns: the status of the final response.
    func perform(
        _ request: HTTPRequest,
        timeout: Duration?,
        rangeStart: Int? = nil,
        configuration: CurlHTTPClient.Configuration,
        context: TransferContext
    ) throws(HTTPClientError) -> Int {
        let headerList = try CurlHeaderList(request.curlHeaderLines(defaults: configuration.defaultHeaders))
        curl_easy_reset(self.raw)
        self.errorBuffer[0] = 0
        try self.setOption(CURLOPT_ERRORBUFFER, pointer: self.errorBuffer)
        try self.apply(configuration, timeout: timeout)
        try self.setOption(CURLOPT_URL, request.url)
        if let rangeStart {
            try self.setOption(CURLOPT_RANGE, "\(rangeStart)-")
        }
        try self.apply(method: request.method, body: request.body)
        try self.setOption(CURLOPT_HTTPHEADER, pointer: headerList.pointer)
        defer { _ = ccurl_easy_setopt_pointer(self.raw, CURLOPT_HTTPHEADER, nil) }

        // Both must outlive the transfer: curl holds raw pointers to them.
        let code = try withExtendedLifetime((context, headerList)) { () throws(HTTPClientError) -> CURLcode in
            try self.installCallbacks(context: Unmanaged.passUnretained(context).toOpaque())
            return curl_easy_perform(self.raw)
        }
        if let failure = context.failure {
            throw failure
        }
        guard code == CURLE_OK else {
            throw HTTPClientError(curlCode: code, detail: String(cString: self.errorBuffer), url: request.url)
        }
        return self.responseCode()
    }

    /// The status of the last transfer's final response (`CURLINFO_RESPONSE_CODE`).
    private func responseCode() -> Int {
        var code = 0
        _ = ccurl_easy_getinfo_long(self.raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func apply(_ configuration: CurlHTTPClient.Configuration, timeout: Duration?) throws(HTTPClientError) {
        try self.setOption(CURLOPT_NOSIGNAL, 1)
        try self.setOption(CURLOPT_PROTOCOLS_STR, "http,https")
        try self.setOption(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try self.setOption(CURLOPT_TCP_KEEPALIVE, 1)
        try self.setOption(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds)
        if let timeout {
            try self.setOption(CURLOPT_TIMEOUT_MS, timeout.curlMilliseconds)
        }
        if let lowSpeed = configuration.lowSpeedLimit {
            try self.setOption(CURLOPT_LOW_SPEED_LIMIT, max(1, lowSpeed.bytesPerSecond))
            try self.setOption(CURLOPT_LOW_SPEED_TIME, lowSpeed.duration.curlSeconds)
        }
        if configuration.maximumRedirects > 0 {
            try self.setOption(CURLOPT_FOLLOWLOCATION, 1)
            try self.setOption(CURLOPT_MAXREDIRS, configuration.maximumRedirects)
        }
        try self.setOption(CURLOPT_USERAGENT, configuration.userAgent)
        if let caFile = configuration.caFile {
            try self.setOption(CURLOPT_CAINFO, caFile)
        }
    }

    /// Sets the method and body. A body goes through `CURLOPT_COPYPOSTFIELDS`, so curl keeps its own copy.
    private func apply(method: HTTPMethod, body: [UInt8]?) throws(HTTPClientError) {
        let needsBody = method == .post || method == .put || method == .patch
        guard let body = body ?? (needsBody ? [] : nil) else {
            switch method {
            case .get: try self.setOption(CURLOPT_HTTPGET, 1)
            case .head: try self.setOption(CURLOPT_NOBODY, 1)
            default: try self.setOption(CURLOPT_CUSTOMREQUEST, method.rawValue)
            }
            return
        }
        try self.setOption(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        // A NULL pointer would make curl read the body from stdin, so an empty body still passes a buffer.
        let code = (body.isEmpty ? [0] : body).withUnsafeBytes { bytes in
            ccurl_easy_setopt_pointer(self.raw, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress)
        }
        try self.check(code, CURLOPT_COPYPOSTFIELDS)
        if method != .post {
            try self.setOption(CURLOPT_CUSTOMREQUEST, method.rawValue)
        }
    }

    /// Points the header, body and progress callbacks at `context`.
    private func installCallbacks(context: UnsafeMutableRawPointer) throws(HTTPClientError) {
        let headerCode = ccurl_easy_setopt_write_callback(
            self.raw,
            CURLOPT_HEADERFUNCTION,
            TransferContext.headerCallback
        )
        try self.check(headerCode, CURLOPT_HEADERFUNCTION)
        let bodyCode = ccurl_easy_setopt_write_callback(self.raw, CURLOPT_WRITEFUNCTION, TransferContext.bodyCallback)
        try self.check(bodyCode, CURLOPT_WRITEFUNCTION)
        let progressCode = ccurl_easy_setopt_xferinfo_callback(self.raw, TransferContext.progressCallback)
        try self.check(progressCode, CURLOPT_XFERINFOFUNCTION)
        try self.setOption(CURLOPT_HEADERDATA, pointer: context)
        try self.setOption(CURLOPT_WRITEDATA, pointer: context)
        try self.setOption(CURLOPT_XFERINFODATA, pointer: context)
        try self.setOption(CURLOPT_NOPROGRESS, 0)
    }

    private func setOption(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try self.check(ccurl_easy_setopt_long(self.raw, option, value), option)
    }

    private func setOption(_ option: CURLoption, offset value: Int64) throws(HTTPClientError) {
        try self.check(ccurl_easy_setopt_off_t(self.raw, option, curl_off_t(value)), option)
    }

    /// Sets a string option; libcurl copies the string.
    private func setOption(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        let code = value.withCString { ccurl_easy_setopt_pointer(self.raw, option, $0) }
        try self.check(code, option)
    }

    private func setOption(_ option: CURLoption, pointer value: UnsafeRawPointer?) throws(HTTPClientError) {
        try self.check(ccurl_easy_setopt_pointer(self.raw, option, value), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(HTTPClientError) {
        guard code == CURLE_OK else {
            let message = "setting curl option \(option.rawValue): " + String(cString: curl_easy_strerror(code))
            throw .transport(code: Int(code.rawValue), message: message, url: "")
        }
    }
}
