import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// The registry serves HTTPS itself, and its clients verify it against a CA they are given: a
/// CA, a server certificate for 127.0.0.1 and a stranger's CA, all made by the test with openssl.
final class TLSTests: XCTestCase {
    private var directory: URL!
    private var registry: RegistryProcess!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory("effctl-tls")
        for (name, subject) in [("ca", "EffFleet test CA"), ("stranger", "Somebody else's CA")] {
            try openssl([
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-subj", "/CN=\(subject)",
            ])
        }
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", path("server.key"),
            "-out", path("server.csr"), "-subj", "/CN=127.0.0.1",
        ])
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: path("san.ext"), atomically: true, encoding: .utf8)
        try openssl([
            "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
            "-days", "2", "-extfile", path("san.ext"), "-out", path("server.pem"),
        ])
        registry = try RegistryProcess(arguments: ["--tls-cert", path("server.pem"), "--tls-key", path("server.key")])
    }

    override func tearDownWithError() throws {
        registry?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func openssl(_ arguments: [String]) throws {
        let outcome = try ProcessRunner.run(command: "openssl", arguments, timeout: 60)
        guard outcome.status == 0 else { throw Fixtures.Missing(description: "openssl \(arguments.first ?? ""): \(outcome.standardError)") }
    }

    func testClientsVerifyTheRegistrysCertificateAgainstTheirCA() async throws {
        XCTAssertTrue(registry.url.hasPrefix("https://127.0.0.1:"), registry.url)
        let admin = try registry.adminToken()

        let trusting = try RegistryClient(baseURL: registry.url, token: admin, caFile: path("ca.pem"))
        let fleet = try await trusting.createFleet(CreateFleetRequest(name: "secure", latencyBudgetMs: 20))
        XCTAssertEqual(fleet.name, "secure")

        for caFile in [nil, path("stranger.pem")] {
            let doubting = try RegistryClient(baseURL: registry.url, token: admin, caFile: caFile)
            var refusal = ""
            do {
                _ = try await doubting.listFleets()
            } catch {
                refusal = "\(error)"
            }
            XCTAssertTrue(
                refusal.lowercased().contains("certificate"),
                "refused for want of a CA that signed it (CA \(caFile ?? "system")): \(refusal)")
        }

        let environment = ["EFF_REGISTRY": registry.url, "EFF_TOKEN": admin]
        let listed = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["fleets", "list", "--ca-file", path("ca.pem")], timeout: 60, environment: environment)
        XCTAssertEqual(listed.status, 0, listed.standardError)
        XCTAssertTrue(listed.standardOutput.contains("secure"), listed.standardOutput)
        let refused = try ProcessRunner.run(
            Fixtures.executable("effctl"), ["fleets", "list", "--ca-file", path("stranger.pem")], timeout: 60, environment: environment)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertEqual(refused.standardError.split(separator: "\n").count, 1, refused.standardError)
        XCTAssertTrue(refused.standardError.lowercased().contains("certificate"), refused.standardError)

        // An agent given the CA enrolls over HTTPS.
        let token = try XCTUnwrap(fleet.enrollmentToken)
        try token.write(toFile: path("enroll.token"), atomically: true, encoding: .utf8)
        let agent = try ServiceProcess(
            Fixtures.executable("effagent"),
            [
                "run", "--registry", registry.url, "--ca-file", path("ca.pem"), "--enroll-token-file", path("enroll.token"),
                "--name", "cam-1", "--fleet", "secure", "--data", path("agent"), "--poll-seconds", "0.5",
            ],
            name: "agent", logURL: directory.appendingPathComponent("agent.log"))
        defer { agent.stop() }
        var enrolled: [DeviceView] = []
        for _ in 0..<150 where enrolled.isEmpty {
            enrolled = try await trusting.listDevices(fleet: "secure")
            if enrolled.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
        }
        XCTAssertEqual(enrolled.map(\.name), ["cam-1"], agent.log)
    }
}
