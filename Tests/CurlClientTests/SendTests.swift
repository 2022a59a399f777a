import CurlClient
import Foundation
import XCTest

final class SendTests: ServerTestCase {
    func testEchoCarriesMethodHeadersAndBody() async throws {
        let client = try self.makeClient {
            $0.authorize(bearerToken: "secret-token")
            $0.defaultHeaders.add(name: "X-Fleet", value: "default")
            $0.userAgent = "edge-agent/1.0"
        }
        let body = Array("binary \u{0}\u{1} body".utf8)
        let request = HTTPRequest(
            method: .put,
            url: try self.server.url("/echo"),
            headers: ["X-Fleet": "override", "X-Empty": ""],
            body: body
        )
        let echo = try Echo(try await client.send(request))
        XCTAssertEqual(echo.method, "PUT")
        XCTAssertEqual(echo.bodyLength, body.count)
        XCTAssertEqual(echo.headers["authorization"], "Bearer secret-token")
        XCTAssertEqual(echo.headers["x-fleet"], "override")
        XCTAssertEqual(echo.headers["x-empty"], "")
        XCTAssertEqual(echo.headers["user-agent"], "edge-agent/1.0")
        XCTAssertNil(echo.headers["expect"])
        XCTAssertNil(echo.headers["content-type"], "curl must not label a raw body as a form")
    }

    func testEachMethodReachesTheServer() async throws {
        let client = try self.makeClient()
        let cases: [(HTTPMethod, [UInt8]?, Int)] = [
            (.get, nil, 0), (.delete, nil, 0), (.post, nil, 0), (.post, [1, 2, 3], 3), (.patch, [4], 1),
        ]
        for (method, body, length) in cases {
            let request = HTTPRequest(method: method, url: try self.server.url("/echo"), body: body)
            let echo = try Echo(try await client.send(request))
            XCTAssertEqual(echo.method, method.rawValue)
            XCTAssertEqual(echo.bodyLength, length, "\(method)")
        }
        let head = try await client.send(HTTPRequest(method: .head, url: try self.server.url("/echo")))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers.first(name: "Content-Length"), "123")
        XCTAssertEqual(head.body, [], "HEAD must not wait for the announced body")
    }

    func testErrorStatusIsAResponseWithItsBody() async throws {
        let client = try self.makeClient()
        for code in [400, 404, 500, 503] {
            let response = try await client.send(HTTPRequest(url: try self.server.url("/status/\(code)")))
            XCTAssertEqual(response.status, code)
            XCTAssertFalse(response.isSuccess)
            XCTAssertEqual(response.headers.first(name: "content-type"), "application/json")
            let payload = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            XCTAssertEqual(payload?["code"] as? Int, code)
        }
    }

    func testRedirectsAreNotFollowedByDefault() async throws {
        let url = try self.server.url("/redirect")
        let response = try await self.makeClient().send(HTTPRequest(url: url))
        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(response.headers.first(name: "Location"), "/echo")

        let following = try self.makeClient { $0.maximumRedirects = 3 }
        let echo = try Echo(try await following.send(HTTPRequest(url: url)))
        XCTAssertEqual(echo.path, "/echo")
    }

    func testClosedPortIsCouldNotConnect() async throws {
        let closed = try TestServer()
        let url = closed.url("/echo")
        closed.stop()
        let client = try self.makeClient()
        let error = await self.error { () async throws(HTTPClientError) in try await client.send(HTTPRequest(url: url))
        }
        XCTAssertEqual(error?.transportCategory, .couldNotConnect, "\(String(describing: error))")
        guard case .transport(let code, let message, let failedURL) = error else {
            return XCTFail("not a transport error: \(String(describing: error))")
        }
        XCTAssertEqual(code, 7)
        XCTAssertFalse(message.isEmpty)
        XCTAssertEqual(failedURL, url)
        XCTAssertTrue(error?.description.hasPrefix("couldNotConnect: ") ?? false, "\(String(describing: error))")
    }

    func testInvalidURLs() async throws {
        let client = try self.makeClient()
        for url in [
            "", "http://", "not a url", "ftp://127.0.0.1/file", "file:///etc/passwd", "http://127.0.0.1/\u{0}x",
        ] {
            let error = await self.error { () async throws(HTTPClientError) in
                try await client.send(HTTPRequest(url: url))
            }
            XCTAssertEqual(error, .invalidURL(url))
        }
    }

    func testHeaderInjectionIsRejected() async throws {
        let request = HTTPRequest(url: try self.server.url("/echo"), headers: ["X-A": "1\r\nX-Injected: yes"])
        let client = try self.makeClient()
        let error = await self.error { () async throws(HTTPClientError) in try await client.send(request) }
        XCTAssertEqual(error, .invalidHeader(name: "X-A"))
    }

    func testTotalTimeoutIsTimedOut() async throws {
        let client = try self.makeClient()
        let request = HTTPRequest(url: try self.server.url("/slow?seconds=5"), timeout: .milliseconds(300))
        let start = ContinuousClock.now
        let error = await self.error { () async throws(HTTPClientError) in try await client.send(request) }
        XCTAssertEqual(error?.transportCategory, .timedOut, "\(String(describing: error))")
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
    }

    func testLowSpeedLimitAbortsAStalledBody() async throws {
        let client = try self.makeClient {
            $0.lowSpeedLimit = .init(bytesPerSecond: 1000, duration: .seconds(1))
        }
        let start = ContinuousClock.now
        let request = HTTPRequest(url: try self.server.url("/trickle?bytes=20&delay=0.5"))
        let error = await self.error { () async throws(HTTPClientError) in try await client.send(request) }
        XCTAssertEqual(error?.transportCategory, .timedOut, "\(String(describing: error))")
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(5))
    }

    func testBodyLimit() async throws {
        let client = try self.makeClient { $0.maximumBodySize = 1000 }
        let atLimit = try await client.send(HTTPRequest(url: try self.server.url("/blob/1000")))
        XCTAssertEqual(atLimit.body, Blob.bytes(1000))
        let url = try self.server.url("/blob/1001")
        let error = await self.error { () async throws(HTTPClientError) in try await client.send(HTTPRequest(url: url))
        }
        XCTAssertEqual(error, .bodyTooLarge(limit: 1000))
        // The aborted transfer leaves the client usable.
        let next = try await client.send(HTTPRequest(url: try self.server.url("/blob/10")))
        XCTAssertEqual(next.body, Blob.bytes(10))
    }

    func testCancellationAbortsTheTransfer() async throws {
        let client = try self.makeClient()
        let request = HTTPRequest(url: try self.server.url("/slow?seconds=10"))
        let start = ContinuousClock.now
        let task = Task { () async throws(HTTPClientError) -> HTTPResponse in try await client.send(request) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        XCTAssertEqual(result.failure as? HTTPClientError, .cancelled)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(4))
    }
}

extension Result {
    /// The error, if this is a failure.
    fileprivate var failure: Failure? {
        guard case .failure(let error) = self else {
            return nil
        }
        return error
    }
}
