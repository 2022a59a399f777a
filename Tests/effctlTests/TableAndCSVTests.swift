import EffCtlCore
import XCTest

final class TableAndCSVTests: XCTestCase {
    func testCSVQuotesOnlyWhatNeedsIt() {
        XCTAssertEqual(CSV.escape("lite0"), "lite0")
        XCTAssertEqual(CSV.escape("a,b"), "\"a,b\"")
        XCTAssertEqual(CSV.escape("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSV.escape("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSV.escape(" padded"), "\" padded\"")
        XCTAssertEqual(CSV.escape(""), "")
    }

    func testCSVRendersHeaderAndRows() {
        var table = Table(columns: [.init("device"), .init("reason")])
        table.append(["cam-1", "fits, 8.4 ms"])
        table.append(["cam-2"])
        XCTAssertEqual(CSV.render(table), "device,reason\ncam-1,\"fits, 8.4 ms\"\ncam-2,\n")
    }

    func testTableAlignsColumnsWithoutTrailingBlanks() {
        var table = Table(columns: [.init("device"), .init("p90 ms", .right), .init("note")])
        table.append(["cam-1", "8.41", "ok"])
        table.append(["long-device-name", "120.00", ""])
        table.append(["x", "1", "too", "many"])
        XCTAssertEqual(
            table.rendered(),
            """
            device            p90 ms  note
            cam-1               8.41  ok
            long-device-name  120.00
            x                      1  too

            """
        )
    }

    func testEmptyTableIsItsHeader() {
        XCTAssertEqual(Table(columns: [.init("a"), .init("b", .right)]).rendered(), "a  b\n")
    }
}
