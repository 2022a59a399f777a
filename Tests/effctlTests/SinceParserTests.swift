import EffCtlCore
import Foundation
import XCTest

final class SinceParserTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_750_000_000)

    func testUnixSeconds() throws {
        XCTAssertEqual(try SinceParser.parse("1735689600", now: now).timeIntervalSince1970, 1_735_689_600)
        XCTAssertEqual(try SinceParser.parse("1735689600.5", now: now).timeIntervalSince1970, 1_735_689_600.5)
    }

    func testDurationsCountBackFromNow() throws {
        XCTAssertEqual(try SinceParser.parse("10m", now: now), now.addingTimeInterval(-600))
        XCTAssertEqual(try SinceParser.parse("2h", now: now), now.addingTimeInterval(-7200))
        XCTAssertEqual(try SinceParser.parse("1h30m", now: now), now.addingTimeInterval(-5400))
        XCTAssertEqual(try SinceParser.parse("90s", now: now), now.addingTimeInterval(-90))
        XCTAssertEqual(try SinceParser.parse("7d", now: now), now.addingTimeInterval(-7 * 86_400))
        XCTAssertEqual(try SinceParser.parse("1w", now: now), now.addingTimeInterval(-604_800))
        XCTAssertEqual(try SinceParser.parse("1.5H", now: now), now.addingTimeInterval(-5400))
    }

    func testISODatesAndTimes() throws {
        XCTAssertEqual(try SinceParser.parse("2025-01-01", now: now).timeIntervalSince1970, 1_735_689_600)
        XCTAssertEqual(try SinceParser.parse("2025-01-01T12:00:00Z", now: now).timeIntervalSince1970, 1_735_732_800)
        XCTAssertEqual(try SinceParser.parse("2025-01-01T14:00:00+02:00", now: now).timeIntervalSince1970, 1_735_732_800)
        XCTAssertEqual(try SinceParser.parse("2025-01-01T12:00:00.250Z", now: now).timeIntervalSince1970, 1_735_732_800.25)
    }

    func testRejectsEverythingElseWithOneLine() {
        for bad in ["", "yesterday", "10x", "m", "h10", "-5m", "2025-13-01", "2025-01-01 12:00", "1e9", "10m5"] {
            XCTAssertThrowsError(try SinceParser.parse(bad, now: now), bad) { error in
                let text = String(describing: error)
                XCTAssertTrue(text.contains("--since"), text)
                XCTAssertFalse(text.contains("\n"), text)
            }
        }
    }
}
