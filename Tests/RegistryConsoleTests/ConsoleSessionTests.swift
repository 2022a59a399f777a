import EffCore
import EffFleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RegistryAPI
import RegistryService
import XCTest

/// The console's sign-in and session over HTTP, on a real server on 127.0.0.1 (no browser): what
/// the cookie carries, who may sign in, that sign-out ends the session on the registry, and the
/// headers every page is sent with.
final class ConsoleSessionTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("console-session")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func withRegistry(_ body: @escaping @Sendable (any TestClientProtocol, Registry) async throws -> Void) async throws {
        let catalog = try VariantCatalog(contentsOf: Fixtures.repository.appendingPathComponent("Registry/variants.json"))
        let registry = try Registry(dataDirectory: directory, catalog: catalog)
        let app = try RegistryApplication.make(registry: registry, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.live) { client in try await body(client, registry) }
    }

    private static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    private static func signIn(_ client: any TestClientProtocol, token: String) async throws -> TestResponse {
        try await client.execute(uri: "/sign-in", method: .post, headers: form, body: ByteBuffer(string: "token=\(token)"))
    }

    private static func text(_ response: TestResponse) -> String {
        String(decoding: response.body.readableBytesView, as: UTF8.self)
    }

    func testOnlyTheAdminTokenOpensASessionAndSignOutEndsIt() async throws {
        try await withRegistry { client, registry in
            let anonymous = try await client.execute(uri: "/", method: .get)
            XCTAssertEqual(anonymous.status, .seeOther)
            XCTAssertEqual(anonymous.headers[.location], "/sign-in")

            let form = try await client.execute(uri: "/sign-in", method: .get)
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(Self.text(form).contains(#"<label for="token">Admin token</label>"#))
            XCTAssertNil(form.headers[.setCookie])

            // A device's token and an enrollment token are not the admin token.
            let fleet = try await client.execute(
                uri: "/v1/fleets", method: .post, headers: [.authorization: "Bearer \(registry.adminToken)"],
                body: ByteBuffer(bytes: try SnakeCaseJSON.encoder().encode(CreateFleetRequest(name: "demo", latencyBudgetMs: 20))))
            let enrollToken = try XCTUnwrap(
                try SnakeCaseJSON.decoder().decode(FleetView.self, from: Data(fleet.body.readableBytesView)).enrollmentToken)
            let hardware = HardwareReport(cpuModel: "CPU", cores: 2, memoryMb: 2048, architecture: "x86_64", backend: "auto", threads: 1)
            let enrolled = try await client.execute(
                uri: "/v1/enroll", method: .post, headers: [.authorization: "Bearer \(enrollToken)"],
                body: ByteBuffer(
                    bytes: try SnakeCaseJSON.encoder().encode(
                        EnrollRequest(name: "cam-1", fleet: "demo", hardware: hardware, engineVersion: "0.1.0"))
                ))
            let deviceToken = try SnakeCaseJSON.decoder().decode(EnrollResponse.self, from: Data(enrolled.body.readableBytesView))
                .deviceToken
            for token in [deviceToken, enrollToken, "wrong", ""] {
                let refused = try await Self.signIn(client, token: token)
                XCTAssertEqual(refused.status, .unauthorized, "token '\(token.prefix(8))'")
                XCTAssertNil(refused.headers[.setCookie])
                XCTAssertTrue(Self.text(refused).contains("role=\"alert\""))
            }

            let signedIn = try await Self.signIn(client, token: registry.adminToken)
            XCTAssertEqual(signedIn.status, .seeOther)
            XCTAssertEqual(signedIn.headers[.location], "/")
            let setCookie = try XCTUnwrap(signedIn.headers[.setCookie])
            let attributes = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let pair = try XCTUnwrap(attributes.first)
            XCTAssertTrue(pair.hasPrefix("effconsole_session="))
            let session = String(pair.dropFirst("effconsole_session=".count))
            XCTAssertEqual(session.count, 64)
            XCTAssertTrue(session.allSatisfy(\.isHexDigit))
            XCTAssertFalse(setCookie.contains(registry.adminToken))
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] { XCTAssertTrue(attributes.contains(attribute), setCookie) }
            let cookie: HTTPFields = [.cookie: "effconsole_session=\(session)"]

            let overview = try await client.execute(uri: "/", method: .get, headers: cookie)
            XCTAssertEqual(overview.status, .ok)
            XCTAssertEqual(overview.headers[.contentType], "text/html; charset=utf-8")
            XCTAssertEqual(overview.headers[.cacheControl], "no-store")
            XCTAssertTrue(overview.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") ?? false)
            XCTAssertTrue(Self.text(overview).contains("cam-1"))

            // The cookie is no API credential, and a tampered one opens nothing.
            let api = try await client.execute(uri: "/v1/fleets", method: .get, headers: cookie)
            XCTAssertEqual(api.status, .unauthorized)
            let tampered = try await client.execute(
                uri: "/", method: .get, headers: [.cookie: "effconsole_session=\(String(session.reversed()))"])
            XCTAssertEqual(tampered.status, .seeOther)

            let missing = try await client.execute(uri: "/devices/no-such-device", method: .get, headers: cookie)
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertTrue(Self.text(missing).contains("no-such-device"), Self.text(missing))

            // Another site's page cannot sign the browser out (or in).
            var crossSite = cookie
            crossSite[.origin] = "http://elsewhere.example"
            let refused = try await client.execute(uri: "/sign-out", method: .post, headers: crossSite)
            XCTAssertEqual(refused.status, .forbidden)
            XCTAssertNil(refused.headers[.setCookie])
            let stillSignedIn = try await client.execute(uri: "/", method: .get, headers: cookie)
            XCTAssertEqual(stillSignedIn.status, .ok)

            let signedOut = try await client.execute(uri: "/sign-out", method: .post, headers: cookie)
            XCTAssertEqual(signedOut.status, .seeOther)
            XCTAssertEqual(signedOut.headers[.location], "/sign-in")
            XCTAssertTrue(signedOut.headers[.setCookie]?.contains("Max-Age=0") ?? false)
            let after = try await client.execute(uri: "/", method: .get, headers: cookie)
            XCTAssertEqual(after.status, .seeOther, "the registry forgot the session, not only the browser")
        }
    }
}
