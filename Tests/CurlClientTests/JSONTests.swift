import CurlClient
import Foundation
import XCTest

final class JSONTests: ServerTestCase {
    /// A registry-style payload whose JSON keys are snake_case, mapped by its own `CodingKeys`.
    struct Registration: Codable, Equatable {
        var agentID: String
        var modelVariant: String
        var batteryPercent: Int

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case modelVariant = "model_variant"
            case batteryPercent = "battery_percent"
        }
    }

    func testGetJSONDecodesWithTheCallersCodingKeys() async throws {
        let echo: Echo = try await self.makeClient().getJSON(from: try self.server.url("/echo"))
        XCTAssertEqual(echo.method, "GET")
        XCTAssertEqual(echo.bodyLength, 0)
        XCTAssertEqual(echo.headers["accept"], "application/json")
    }

    func testPostJSONSendsSnakeCaseKeysAndDecodesTheAnswer() async throws {
        let registration = Registration(agentID: "edge-7", modelVariant: "lite2", batteryPercent: 81)
        let echo = try await self.makeClient().postJSON(
            registration,
            to: try self.server.url("/echo"),
            as: Echo.self,
            headers: ["X-Request-ID": "42"]
        )
        XCTAssertEqual(echo.method, "POST")
        XCTAssertEqual(echo.headers["content-type"], "application/json")
        XCTAssertEqual(echo.headers["x-request-id"], "42")
        let sent = try JSONSerialization.jsonObject(with: Data(echo.body.utf8)) as? [String: Any]
        XCTAssertEqual(sent?["agent_id"] as? String, "edge-7")
        XCTAssertEqual(sent?["battery_percent"] as? Int, 81)
        XCTAssertEqual(try JSONDecoder().decode(Registration.self, from: Data(echo.body.utf8)), registration)
    }

    func testNon2xxIsHTTPStatusWithTheErrorBody() async throws {
        let client = try self.makeClient()
        let url = try self.server.url("/status/503")
        let error = await self.error { () async throws(HTTPClientError) in
            try await client.getJSON(Echo.self, from: url)
        }
        guard case .httpStatus(let code, let body) = error else {
            return XCTFail("not an HTTP status error: \(String(describing: error))")
        }
        XCTAssertEqual(code, 503)
        let payload = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        XCTAssertEqual(payload?["code"] as? Int, 503)
        XCTAssertTrue(error?.description.hasPrefix("HTTP status 503: {") ?? false, "\(String(describing: error))")
    }

    func testUndecodableBodyIsDecodingError() async throws {
        let client = try self.makeClient()
        let url = try self.server.url("/echo")
        let error = await self.error { () async throws(HTTPClientError) in
            try await client.getJSON(Registration.self, from: url)
        }
        guard case .decoding(let message) = error else {
            return XCTFail("not a decoding error: \(String(describing: error))")
        }
        XCTAssertTrue(message.contains("agent_id"), message)
    }
}
