import Foundation
import RegistryAPI
import RegistryClient
import XCTest

final class BenchmarkResultTests: XCTestCase {
    private let report = BenchmarkReport(
        id: "r1", artifactId: "a", threads: 2, runs: 10, meanMs: 5, stdMs: 0.1, minMs: 4, p50Ms: 5, p90Ms: 6, p99Ms: 7, maxMs: 8,
        initMs: 30, firstMs: 9, peakRSSMB: 40, engineVersion: "1", deviceId: "d"
    )

    func testDecodesWithAndWithoutCreationTime() throws {
        let plain = try JSONEncoder().encode(report)
        let decoded = try JSONDecoder().decode(BenchmarkResult.self, from: plain)
        XCTAssertEqual(decoded, BenchmarkResult(report: report, createdAt: nil))

        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: plain) as? [String: Any])
        object["created_at"] = 1_700_000_000.5
        let stamped = try JSONDecoder().decode(BenchmarkResult.self, from: JSONSerialization.data(withJSONObject: object))
        XCTAssertEqual(stamped.createdAt, 1_700_000_000.5)
        XCTAssertEqual(stamped.report, report)
    }

    func testEncodesFlat() throws {
        let data = try JSONEncoder().encode(BenchmarkResult(report: report, createdAt: 12))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["p90_ms"] as? Double, 6)
        XCTAssertEqual(object["created_at"] as? Double, 12)
        XCTAssertEqual(object["device_id"] as? String, "d")
    }
}
