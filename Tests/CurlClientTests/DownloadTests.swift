import CurlClient
import Foundation
import XCTest

final class DownloadTests: ServerTestCase {
    private var directory: URL?

    override func setUp() async throws {
        try await super.setUp()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("curl-download-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
    }

    override func tearDown() async throws {
        if let directory {
            try? FileManager.default.removeItem(at: directory)
        }
        try await super.tearDown()
    }

    /// The destination path of a test's download.
    private var destination: String {
        get throws {
            try XCTUnwrap(self.directory).appendingPathComponent("model.bin").path
        }
    }

    private var partial: String {
        get throws { try self.destination + ".partial" }
    }

    /// The SHA-256 and size of the file at `path`, or `nil` if there is none (hashes keep failure messages short).
    private func fingerprint(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { "\(Blob.sha256([UInt8]($0))) (\($0.count) bytes)" }
    }

    private func fingerprint(_ bytes: some Collection<UInt8>) -> String {
        "\(Blob.sha256(Array(bytes))) (\(bytes.count) bytes)"
    }

    private func download(
        _ client: CurlHTTPClient,
        _ path: String,
        sha256: String,
        size: Int?
    ) async throws(HTTPClientError) -> DownloadResult {
        let url = try? self.server.url(path)
        let destination = (try? self.destination) ?? ""
        return try await client.download(from: url ?? "", to: destination, expectedSHA256: sha256, expectedSize: size)
    }

    func testDownloadsAndVerifies() async throws {
        let blob = Blob.bytes(300_000)
        let client = try self.makeClient()
        let result = try await self.download(
            client,
            "/blob/300000",
            sha256: Blob.sha256(blob).uppercased(),
            size: 300_000
        )
        XCTAssertEqual(result, DownloadResult(bytesDownloaded: 300_000, resumed: false, fileSize: 300_000))
        XCTAssertEqual(self.fingerprint(try self.destination), self.fingerprint(blob))
        XCTAssertFalse(FileManager.default.fileExists(atPath: try self.partial))
    }

    func testResumesAfterTheConnectionIsCut() async throws {
        let blob = Blob.bytes(300_000)
        let client = try self.makeClient()
        let error = await self.error { () async throws(HTTPClientError) in
            try await self.download(client, "/cut/300000/100000", sha256: Blob.sha256(blob), size: 300_000)
        }
        XCTAssertEqual(error?.transportCategory, .connectionLost, "\(String(describing: error))")
        XCTAssertEqual(self.fingerprint(try self.partial), self.fingerprint(blob[..<100_000]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: try self.destination))

        let result = try await self.download(client, "/cut/300000/100000", sha256: Blob.sha256(blob), size: 300_000)
        XCTAssertEqual(result, DownloadResult(bytesDownloaded: 200_000, resumed: true, fileSize: 300_000))
        XCTAssertEqual(self.fingerprint(try self.destination), self.fingerprint(blob))
        XCTAssertFalse(FileManager.default.fileExists(atPath: try self.partial))
        let ranges = try await self.stats(using: client).ranges
        XCTAssertEqual(ranges, [nil, "bytes=100000-"])
    }

    /// Downloads a 20,000-byte blob from `endpoint` over a partial file that holds `partial`, and checks the result,
    /// the file, and the `Range` headers the server saw.
    private func assertResume(
        over partial: [UInt8],
        from endpoint: String,
        expectedSize: Int?,
        result expected: DownloadResult,
        ranges expectedRanges: [String?],
        file: StaticString = #filePath,
        line: UInt = #line
    ) async throws {
        let blob = Blob.bytes(20_000)
        _ = FileManager.default.createFile(atPath: try self.partial, contents: Data(partial))
        let client = try self.makeClient()
        let result = try await self.download(client, endpoint, sha256: Blob.sha256(blob), size: expectedSize)
        XCTAssertEqual(result, expected, file: file, line: line)
        XCTAssertEqual(self.fingerprint(try self.destination), self.fingerprint(blob), file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: try self.partial), file: file, line: line)
        let ranges = try await self.stats(using: client).ranges
        XCTAssertEqual(ranges, expectedRanges, file: file, line: line)
    }

    func testServerIgnoringTheRangeStartsTheFileOver() async throws {
        try await self.assertResume(
            over: Array(repeating: 0xAB, count: 5_000),
            from: "/ignore-range/20000",
            expectedSize: 20_000,
            result: DownloadResult(bytesDownloaded: 20_000, resumed: false, fileSize: 20_000),
            ranges: ["bytes=5000-"]
        )
    }

    func testRangeNotSatisfiableWithACompletePartialFileFinishesIt() async throws {
        try await self.assertResume(
            over: Blob.bytes(20_000),
            from: "/blob/20000",
            expectedSize: 20_000,
            result: DownloadResult(bytesDownloaded: 0, resumed: true, fileSize: 20_000),
            ranges: ["bytes=20000-"]
        )
    }

    func testRangeNotSatisfiableWithAWrongPartialFileStartsOver() async throws {
        // Without an expected size, only the server's 416 reveals that the partial file is too long.
        try await self.assertResume(
            over: Array(repeating: 7, count: 25_000),
            from: "/blob/20000",
            expectedSize: nil,
            result: DownloadResult(bytesDownloaded: 20_000, resumed: false, fileSize: 20_000),
            ranges: ["bytes=25000-", nil]
        )
    }

    func testPartialFileLongerThanTheExpectedSizeIsDiscardedUnasked() async throws {
        try await self.assertResume(
            over: Array(repeating: 7, count: 25_000),
            from: "/blob/20000",
            expectedSize: 20_000,
            result: DownloadResult(bytesDownloaded: 20_000, resumed: false, fileSize: 20_000),
            ranges: [nil]
        )
    }

    func testChecksumMismatchRemovesThePartialFile() async throws {
        let blob = Blob.bytes(50_000)
        var corrupt = blob
        corrupt[25_000] ^= 0xFF
        let client = try self.makeClient()
        let error = await self.error { () async throws(HTTPClientError) in
            try await self.download(client, "/corrupt/50000", sha256: Blob.sha256(blob), size: 50_000)
        }
        XCTAssertEqual(error, .checksumMismatch(expected: Blob.sha256(blob), actual: Blob.sha256(corrupt)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: try self.partial))
        XCTAssertFalse(FileManager.default.fileExists(atPath: try self.destination))
    }

    func testInsufficientDiskSpaceFailsBeforeTheTransfer() async throws {
        let client = try self.makeClient()
        let size = 1 << 60
        let error = await self.error { () async throws(HTTPClientError) in
            try await self.download(client, "/blob/100", sha256: Blob.sha256(Blob.bytes(100)), size: size)
        }
        guard case .insufficientDiskSpace(let needed, let available) = error else {
            return XCTFail("not a disk space error: \(String(describing: error))")
        }
        XCTAssertEqual(needed, size)
        XCTAssertGreaterThan(available, 0)
        XCTAssertLessThan(available, size)
        XCTAssertFalse(FileManager.default.fileExists(atPath: try self.partial))
        let ranges = try await self.stats(using: client).ranges
        XCTAssertEqual(ranges, [], "no blob request may have been sent")
    }

    func testErrorStatusKeepsThePartialFile() async throws {
        let kept = Data(repeating: 1, count: 1_000)
        _ = FileManager.default.createFile(atPath: try self.partial, contents: kept)
        let client = try self.makeClient()
        let error = await self.error { () async throws(HTTPClientError) in
            try await self.download(client, "/status/404", sha256: Blob.sha256([]), size: nil)
        }
        guard case .httpStatus(404, let body) = error else {
            return XCTFail("not a 404: \(String(describing: error))")
        }
        XCTAssertTrue(String(decoding: body, as: UTF8.self).contains("\"code\": 404"))
        XCTAssertEqual(FileManager.default.contents(atPath: try self.partial), kept)
    }

    func testBodyLongerThanExpectedIsRejected() async throws {
        let client = try self.makeClient()
        let blob = Blob.bytes(10_000)
        let error = await self.error { () async throws(HTTPClientError) in
            try await self.download(client, "/blob/20000", sha256: Blob.sha256(blob), size: 10_000)
        }
        XCTAssertEqual(error, .bodyTooLarge(limit: 10_000))
        let kept = try XCTUnwrap(FileManager.default.contents(atPath: try self.partial))
        XCTAssertLessThanOrEqual(kept.count, 10_000, "nothing past the expected size is written")
        XCTAssertEqual(self.fingerprint(kept), self.fingerprint(blob[..<kept.count]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: try self.destination))
    }
}
