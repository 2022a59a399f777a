import RegistryClient
import XCTest

final class RegistryClientURLTests: XCTestCase {
    func testPercentEncodingKeepsOnlyUnreservedCharacters() {
        XCTAssertEqual(PercentEncoding.encode("abc-XYZ_0.9~"), "abc-XYZ_0.9~")
        XCTAssertEqual(PercentEncoding.encode("a b&c=d/e?f#g"), "a%20b%26c%3Dd%2Fe%3Ff%23g")
        XCTAssertEqual(PercentEncoding.encode("é+%"), "%C3%A9%2B%25")
    }

    func testQueryLeavesOutAbsentValues() {
        XCTAssertEqual(PercentEncoding.query([("fleet", nil), ("state", nil)]), "")
        XCTAssertEqual(
            PercentEncoding.query([("fleet", "edge cams"), ("state", nil), ("device", "d&1")]), "?fleet=edge%20cams&device=d%261")
    }

    func testBaseURLIsNormalisedAndChecked() throws {
        let client = try RegistryClient(baseURL: " http://127.0.0.1:8700/// ", token: "t")
        XCTAssertEqual(client.baseURL, "http://127.0.0.1:8700")
        XCTAssertEqual(
            client.url("/v1/jobs", query: [("fleet", "a b"), ("state", "pending")]),
            "http://127.0.0.1:8700/v1/jobs?fleet=a%20b&state=pending")
        for bad in ["", "127.0.0.1:8700", "ftp://host", "http://", "not a url"] {
            XCTAssertThrowsError(try RegistryClient(baseURL: bad, token: nil), bad) { error in
                XCTAssertEqual(error as? RegistryClientError, .invalidURL(bad))
            }
        }
    }

    func testUnreachableRegistryIsATransportError() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let client = try RegistryClient(baseURL: "http://127.0.0.1:1", token: "t")
        do {
            _ = try await client.health()
            XCTFail("expected an error")
        } catch {
            guard case .unreachable(let url, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(url, "http://127.0.0.1:1/healthz")
            XCTAssertTrue(error.description.hasPrefix("could not reach the registry at http://127.0.0.1:1/healthz"), error.description)
        }
    }
}
