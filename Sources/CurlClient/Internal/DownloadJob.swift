#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One call of ``CurlHTTPClient/download(from:to:expectedSHA256:expectedSize:)``, run synchronously on the
/// client's queue: resume or start the partial file, verify it whole, and move it into place.
struct DownloadJob {
    let url: String
    let path: String
    /// Lowercase hex.
    let expectedSHA256: String
    let expectedSize: Int?
    let timeout: Duration?
    let configuration: CurlHTTPClient.Configuration
    let handle: CurlEasyHandle
    let cancellation: CancellationFlag

    /// Where the bytes gather until they are verified.
    var partialPath: String { self.path + ".partial" }

    func run() throws(HTTPClientError) -> DownloadResult {
        // A partial file larger than the whole cannot be a prefix of it.
        if let expectedSize, let size = try FileSystem.size(of: self.partialPath), size > expectedSize {
            try FileSystem.remove(self.partialPath)
        }
        var step = try self.transfer()
        if case .startOver = step {
            try FileSystem.remove(self.partialPath)
            step = try self.transfer()
        }
        switch step {
        case .finished(let result):
            return result
        case .startOver(let error):
            throw error
        }
    }

    private enum Step {
        case finished(DownloadResult)
        /// The partial file cannot be continued: delete it and download from the first byte.
        case startOver(HTTPClientError)
    }

    /// One request, for the bytes after those already in the partial file.
    private func transfer() throws(HTTPClientError) -> Step {
        let existing = try FileSystem.size(of: self.partialPath) ?? 0
        if let expectedSize {
            try FileSystem.ensureSpace(expectedSize - existing, in: FileSystem.directory(of: self.path))
        }
        let file = try FileDescriptor(path: self.partialPath, flags: O_WRONLY | O_CREAT)
        let sink = DownloadSink(file: file, resumeOffset: existing, expectedSize: self.expectedSize)
        let context = TransferContext(sink: sink, cancellation: self.cancellation)
        let status: Int
        do throws(HTTPClientError) {
            status = try self.handle.perform(
                HTTPRequest(url: self.url),
                timeout: self.timeout,
                rangeStart: existing > 0 ? existing : nil,
                configuration: self.configuration,
                context: context
            )
        } catch {
            if sink.rangeMismatch {
                return .startOver(error)
            }
            throw error
        }
        switch status {
        case 200..<300:
            // An empty body never reached the sink; an empty `200` must still empty the file.
            try sink.start(status: status, headers: context.headers)
            return .finished(try self.commit(bytesDownloaded: sink.bytesWritten, resumed: status == 206))
        case 416 where existing > 0:
            // Nothing lies past the partial file's end: it is the whole file, or not this file at all.
            do throws(HTTPClientError) {
                return .finished(try self.commit(bytesDownloaded: 0, resumed: true))
            } catch {
                guard case .checksumMismatch = error else {
                    throw error
                }
                return .startOver(error)
            }
        default:
            throw .httpStatus(code: status, body: sink.errorBody.bytes)
        }
    }

    /// Hashes the whole partial file; on a match makes it durable and renames it to ``path``,
    /// otherwise deletes it.
    private func commit(bytesDownloaded: Int, resumed: Bool) throws(HTTPClientError) -> DownloadResult {
        let file = try FileDescriptor(path: self.partialPath, flags: O_RDONLY)
        let (digest, size) = try file.sha256()
        guard digest == self.expectedSHA256 else {
            try FileSystem.remove(self.partialPath)
            throw .checksumMismatch(expected: self.expectedSHA256, actual: digest)
        }
        try file.sync()
        try FileSystem.move(self.partialPath, to: self.path)
        return DownloadResult(bytesDownloaded: bytesDownloaded, resumed: resumed, fileSize: size)
    }
}
