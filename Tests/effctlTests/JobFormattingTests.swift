import EffCtlCore
import RegistryAPI
import XCTest

/// How `effctl deploy --wait` and `effctl query jobs` show benchmark jobs that failed and wait for
/// a retry.
final class JobFormattingTests: XCTestCase {
    private func job(_ id: String, attempts: Int?, error: String? = nil, retryAfter: Double? = nil) -> BenchmarkJobView {
        BenchmarkJobView(
            id: id, deviceId: "d1", artifactId: "a", variant: "lite0", precision: "int8", sizeBytes: 1, state: "pending", error: error,
            attempts: attempts, retryAfter: retryAfter)
    }

    func testProgressCountsRetriedJobsAndTheirAttempts() {
        XCTAssertEqual(JobProgress([job("1", attempts: 0)]).summary, "waiting for 1 benchmark job")
        XCTAssertEqual(JobProgress([job("1", attempts: nil), job("2", attempts: 0)]).summary, "waiting for 2 benchmark jobs")
        let retried = JobProgress([job("1", attempts: 0), job("2", attempts: 2), job("3", attempts: 1)])
        XCTAssertEqual(retried.summary, "waiting for 3 benchmark jobs (2 retried after failing, at most 2 attempts)")
        let later = JobProgress([job("1", attempts: 0), job("2", attempts: 3), job("3", attempts: 1)])
        XCTAssertNotEqual(retried, later, "a new attempt is a change")
    }

    func testJobTableShowsAttemptsAndAShortenedError() {
        let rows = JobRows(devices: [:]).table([job("1", attempts: 2, error: String(repeating: "e", count: 100) + "\nmore", retryAfter: 0)])
        let text = rows.rendered()
        XCTAssertTrue(text.contains("attempts"), text)
        XCTAssertTrue(text.contains(" 2 "), text)
        XCTAssertTrue(text.contains(String(repeating: "e", count: JobRows.maximumErrorLength - 1) + "…"), text)
        XCTAssertFalse(text.contains("more"), text)
    }
}
