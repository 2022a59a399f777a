extension CurlHTTPClient {
    /// Downloads a file to `path`, resuming an earlier attempt, and verifies it before it appears there.
    ///
    /// The body streams into `path + ".partial"`, never whole into memory. If that file exists, the request asks
    /// for the rest with `Range: bytes=N-`: a `206` appends, a `200` (the server ignored the range) starts the
    /// file over, and a `416` means the partial file already holds everything, which the hash then confirms or
    /// refutes (refuted: it is deleted and the download starts over). When the whole file is there, its SHA-256
    /// is checked; on a match it is synced to disk and renamed to `path` in one step, on a mismatch it is deleted.
    ///
    /// A failed transfer leaves the partial file, so calling again continues where it stopped.
    /// Uses ``Configuration/downloadTimeout`` and ``Configuration/lowSpeedLimit``, not ``Configuration/timeout``.
    ///
    /// - Parameters:
    ///   - url: the file's URL.
    ///   - path: the destination; its folder must exist, and a file there is replaced.
    ///   - expectedSHA256: the file's SHA-256 as 64 hex digits, in either case.
    ///   - expectedSize: the file's size, if known: checked against free disk space before the transfer,
    ///     and a body that grows past it is rejected. Without it, the space check uses `Content-Length`.
    /// - Throws: ``HTTPClientError/checksumMismatch(expected:actual:)``,
    ///   ``HTTPClientError/insufficientDiskSpace(needed:available:)``, ``HTTPClientError/httpStatus(code:body:)``
    ///   for a status other than `200`, `206` or `416`, ``HTTPClientError/bodyTooLarge(limit:)`` past
    ///   `expectedSize`, ``HTTPClientError/fileSystem(operation:path:errno:)``, and those of ``send(_:)``.
    public func download(
        from url: String,
        to path: String,
        expectedSHA256: String,
        expectedSize: Int? = nil
    ) async throws(HTTPClientError) -> DownloadResult {
        let configuration = self.configuration
        return try await self.withHandle { handle, cancellation throws(HTTPClientError) in
            let job = DownloadJob(
                url: url,
                path: path,
                expectedSHA256: expectedSHA256.lowercased(),
                expectedSize: expectedSize,
                timeout: configuration.downloadTimeout,
                configuration: configuration,
                handle: handle,
                cancellation: cancellation
            )
            return try job.run()
        }
    }
}
