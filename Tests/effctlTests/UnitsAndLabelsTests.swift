import EffCtlCore
import EffFleetTesting
import XCTest

/// Human units for counts and sizes, and the ImageNet class names kept in Registry/.
final class UnitsAndLabelsTests: XCTestCase {
    func testCountsAndSizesInHumanUnits() {
        for (count, text) in [
            (4_631_000, "4.63 M"), (385_187_552, "385 M"), (950, "950"), (12_345, "12.3 k"), (1_199_999_999, "1.20 G"), (999_999, "1.00 M"),
        ] {
            XCTAssertEqual(NumberText.metric(count), text, "\(count)")
        }
        for (count, text) in [(512, "512 B"), (19_478_016, "18.6 MiB"), (1536, "1.50 KiB"), (209_715_200, "200 MiB")] {
            XCTAssertEqual(NumberText.bytes(count), text, "\(count)")
        }
        XCTAssertEqual(NumberText.grouped(385_187_552), "385,187,552")
        XCTAssertEqual(NumberText.grouped(12), "12")
    }

    func testTheImageNetClassNamesAreTheThousandInOutputOrder() throws {
        let labels = try ClassLabels(contentsOfFile: Fixtures.repository.appendingPathComponent("Registry/imagenet-classes.tsv").path)
        XCTAssertEqual(labels.names.count, 1000)
        XCTAssertEqual(labels[0], "tench, Tinca tinca")
        XCTAssertEqual(labels[281], "tabby, tabby cat")
        XCTAssertEqual(labels[999], "toilet tissue, toilet paper, bathroom tissue")
        XCTAssertNil(labels[1000])
    }

    func testABadLabelsFileIsOneLine() {
        XCTAssertThrowsError(try ClassLabels(text: "n01\ttench\nn02\n", count: 2)) { error in
            XCTAssertEqual(String(describing: error), "line 2 is not SYNSET<TAB>NAMES")
        }
        XCTAssertThrowsError(try ClassLabels(text: "n01\ttench\n", count: 2)) { error in
            XCTAssertEqual(String(describing: error), "1 class, not 2")
        }
    }
}
