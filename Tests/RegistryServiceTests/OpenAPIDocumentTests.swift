import EffFleetTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import RegistryService
import XCTest

/// `Docs/openapi.yaml` stays the API: the JSON served at `/openapi.json` is the YAML's, and the
/// router and the document name the same routes.
final class OpenAPIDocumentTests: XCTestCase {
    func testEveryRouteIsDocumentedAndEveryDocumentedOperationIsARoute() async throws {
        let directory = try Fixtures.temporaryDirectory("openapi")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await API.withRegistry(in: directory) { client, registry in
            let routes = Set(
                RegistryApplication.makeRouter(registry: registry).routes
                    .map {
                        (
                            $0.method,
                            $0.path.description.replacingOccurrences(of: #":([A-Za-z_]+)"#, with: "{$1}", options: .regularExpression)
                        )
                    }
                    .map { "\($0) \($1)" })
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
            let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            XCTAssertEqual(document["openapi"] as? String, "3.1.0")
            let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
            let methods: Set = ["get", "put", "post", "delete", "patch", "head", "options"]
            let documented = Set(
                paths.flatMap { path, operations in operations.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
            XCTAssertEqual(routes.subtracting(documented).sorted(), [], "routes missing from Docs/openapi.yaml")
            XCTAssertEqual(documented.subtracting(routes).sorted(), [], "documented operations without a route")
            XCTAssertGreaterThan(routes.count, 30)
        }
    }

    func testServedJSONIsGeneratedFromTheYAML() throws {
        let script = Fixtures.repository.appendingPathComponent("scripts/openapi-json")
        let checked = try ProcessRunner.run(command: "python3", [script.path, "--check"], timeout: 60)
        XCTAssertEqual(checked.status, 0, checked.standardError)
    }
}
