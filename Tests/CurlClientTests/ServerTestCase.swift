import CurlClient
import Foundation
import XCTest

/// A test case with a fresh test server per test.
class ServerTestCase: XCTestCase {
    private var runningServer: TestServer?

    /// The server of the running test.
    var server: TestServer {
        get throws {
            try XCTUnwrap(self.runningServer, "setUp did not start the test server")
        }
    }

    override func setUp() async throws {
        try await super.setUp()
        self.runningServer = try TestServer()
    }

    override func tearDown() async throws {
        self.runningServer?.stop()
        self.runningServer = nil
        try await super.tearDown()
    }

    /// A client with short limits, so that no test can hang.
    func makeClient(_ configure: (inout CurlHTTPClient.Configuration) -> Void = { _ in }) throws -> CurlHTTPClient {
        var configuration = CurlHTTPClient.Configuration(
            connectTimeout: .seconds(5),
            timeout: .seconds(20),
            downloadTimeout: .seconds(30)
        )
        configure(&configuration)
        return try CurlHTTPClient(configuration: configuration)
    }

    /// The error `body` throws; fails the test if it returns instead.
    func error<T>(
        _ body: () async throws(HTTPClientError) -> T,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async -> HTTPClientError? {
        do {
            let value = try await body()
            XCTFail("expected an error, got \(value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    /// What the server counted so far, fetched with `client` (so a kept-alive connection adds none).
    func stats(using client: CurlHTTPClient) async throws -> ServerStats {
        try await client.getJSON(from: try self.server.url("/stats"))
    }
}

/// The body of `/stats`.
struct ServerStats: Decodable {
    /// TCP connections the server accepted.
    var connections: Int
    /// The `Range` header of each blob request, `nil` where there was none.
    var ranges: [String?]
}
