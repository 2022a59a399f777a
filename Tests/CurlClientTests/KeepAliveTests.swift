import CurlClient
import XCTest

final class KeepAliveTests: ServerTestCase {
    func testOneClientReusesOneConnection() async throws {
        let client = try self.makeClient()
        for index in 0..<20 {
            let body: [UInt8]? = index.isMultiple(of: 2) ? nil : [UInt8(index)]
            let request = HTTPRequest(method: body == nil ? .get : .post, url: try self.server.url("/echo"), body: body)
            let response = try await client.send(request)
            XCTAssertEqual(response.status, 200)
        }
        // An error status and a JSON helper on the same connection too.
        let notFound = try await client.send(HTTPRequest(url: try self.server.url("/status/404")))
        XCTAssertEqual(notFound.status, 404)
        let stats = try await self.stats(using: client)
        XCTAssertEqual(stats.connections, 1)
    }

    func testEachClientHasItsOwnConnection() async throws {
        let first = try self.makeClient()
        let second = try self.makeClient()
        for _ in 0..<3 {
            _ = try await first.send(HTTPRequest(url: try self.server.url("/echo")))
            _ = try await second.send(HTTPRequest(url: try self.server.url("/echo")))
        }
        let stats = try await self.stats(using: first)
        XCTAssertEqual(stats.connections, 2)
    }

    func testConcurrentRequestsOnOneClientAreSerialized() async throws {
        let client = try self.makeClient()
        let url = try self.server.url("/echo")
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let request = HTTPRequest(method: .post, url: url, body: Array(repeating: 1, count: index))
                    return try Echo(try await client.send(request)).bodyLength
                }
            }
            let lengths = try await group.reduce(into: []) { $0.append($1) }
            XCTAssertEqual(lengths.sorted(), Array(0..<8))
        }
        let stats = try await self.stats(using: client)
        XCTAssertEqual(stats.connections, 1)
    }
}
