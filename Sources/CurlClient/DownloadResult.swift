/// What ``CurlHTTPClient/download(from:to:expectedSHA256:expectedSize:)`` did.
public struct DownloadResult: Sendable, Hashable {
    /// The bytes received and written during this call (not those a previous call left in the partial file).
    public var bytesDownloaded: Int
    /// Whether this call continued a partial file instead of starting from its first byte.
    public var resumed: Bool
    /// The size of the verified file now at the destination path.
    public var fileSize: Int

    /// Creates a result.
    public init(bytesDownloaded: Int, resumed: Bool, fileSize: Int) {
        self.bytesDownloaded = bytesDownloaded
        self.resumed = resumed
        self.fileSize = fileSize
    }
}
