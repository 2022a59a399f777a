import EffCore
import XCTest

/// Durations in logs read as a person says them, not as `Duration`'s description (`2.5e-09 seconds`-like).
final class DurationTextTests: XCTestCase {
    func testDurationsInHumanUnits() {
        let cases: [(Duration, String)] = [
            (.zero, "0 ms"), (.microseconds(400), "0 ms"), (.milliseconds(250), "250 ms"), (.milliseconds(999), "999 ms"),
            (.milliseconds(2_500), "2.5 s"), (.milliseconds(1_000), "1.0 s"), (.milliseconds(41_200), "41 s"), (.seconds(60), "1 min"),
            (.seconds(125), "2 min 5 s"), (.seconds(3_600), "1 h"), (.seconds(3_790), "1 h 3 min"),
        ]
        for (duration, text) in cases {
            XCTAssertEqual(duration.text, text, "\(duration)")
        }
    }
}
