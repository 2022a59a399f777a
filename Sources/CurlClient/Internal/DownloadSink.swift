import CCurl

/// Streams a download's body into its partial file, appending after a `206` and starting over after a `200`.
/// The body of any other status is kept in memory (its first 64 KiB) for the error.
final class DownloadSink: BodySink {
    /// The bytes the partial file held before this transfer.
    let resumeOffset: Int
    /// The body of a response that did not carry the file.
    let errorBody = MemoryBodySink(limit: 64 << 10, failsPastLimit: false)
    /// The bytes this transfer wrote to the file.
    private(set) var bytesWritten = 0
    /// Whether a `206` answered for other bytes than asked for, so the partial file cannot be continued.
    private(set) var rangeMismatch = false

    private let file: FileDescriptor
    private let expectedSize: Int?
    /// Where this transfer's first byte lands in the file; `nil` until the response head is known.
    private var startOffset: Int?

    init(file: consuming FileDescriptor, resumeOffset: Int, expectedSize: Int?) {
        self.file = file
        self.resumeOffset = resumeOffset
        self.expectedSize = expectedSize
    }

    func write(_ bytes: UnsafeRawBufferPointer, status: Int, headers: HTTPHeaders) -> HTTPClientError? {
        guard (200..<300).contains(status) else {
            return self.errorBody.write(bytes, status: status, headers: headers)
        }
        do throws(HTTPClientError) {
            let start = try self.start(status: status, headers: headers)
            if let expectedSize, start + self.bytesWritten + bytes.count > expectedSize {
                return .bodyTooLarge(limit: expectedSize)
            }
            try self.file.write(bytes)
            self.bytesWritten += bytes.count
            return nil
        } catch {
            return error
        }
    }

    /// Places the file's offset for the `2xx` response with `status` and `headers`, once,
    /// and checks that the body fits on disk.
    ///
    /// - Returns: the file offset of the response's first byte.
    @discardableResult
    func start(status: Int, headers: HTTPHeaders) throws(HTTPClientError) -> Int {
        if let startOffset {
            return startOffset
        }
        let start: Int
        if status == 206 {
            guard let range = headers.first(name: "Content-Range"), Self.firstByte(of: range) == self.resumeOffset
            else {
                self.rangeMismatch = true
                let message = "Content-Range does not start at byte \(self.resumeOffset)"
                throw .transport(code: Int(CURLE_RANGE_ERROR.rawValue), message: message, url: "")
            }
            try self.file.seekToEnd()
            start = self.resumeOffset
        } else {
            try self.file.truncate()
            start = 0
        }
        if self.expectedSize == nil, let length = headers.first(name: "Content-Length").flatMap({ Int($0) }) {
            try FileSystem.ensureSpace(length, in: FileSystem.directory(of: self.file.path))
        }
        self.startOffset = start
        return start
    }

    /// The first byte of a `Content-Range` value such as `bytes 100-199/200`.
    private static func firstByte(of range: String) -> Int? {
        guard range.hasPrefix("bytes "), let dash = range.firstIndex(of: "-") else {
            return nil
        }
        return Int(range[range.index(range.startIndex, offsetBy: 6)..<dash])
    }
}
