import Foundation

/// What `Fixtures/console_browser.py` found in the DOM of each page it visited.
struct BrowserFacts: Decodable {
    struct Cookie: Decodable {
        var name: String
        var value: String
        var httpOnly: Bool
        var sameSite: String?
        var path: String
    }

    struct Point: Decodable {
        var artifactId: String
        var artifact: String
        var backend: String
        var verdict: String
        var latencyMs: Double
        var top1: Double
        var lowerMs: Double?
        var upperMs: Double?
        var markerCenterX: Double
        var markerCenterY: Double
        var chosenMark: Bool
        var ariaLabel: String
        var title: String
    }

    struct BudgetLine: Decodable {
        var x1: Double
        var x2: Double
        var limitMs: Double
        var latencyBudgetMs: Double
        var headroom: Double
    }

    struct XTick: Decodable {
        var value: Double
        var x: Double
    }

    struct YTick: Decodable {
        var value: Double
        var y: Double
    }

    struct Chart: Decodable {
        var role: String?
        var labelledBy: String?
        var title: String
        var desc: String
    }

    struct Row: Decodable {
        var device: String
        var state: String?
        var status: String?
    }

    /// A visible element with text of its own, its colours as the browser computed them.
    struct Text: Decodable {
        var tag: String
        var text: String
        var color: String
        var background: String
        var fontSize: Double
        var fontWeight: Int
    }

    struct Page: Decodable {
        var path: String
        var title: String
        var bodyText: String
        var points: [Point]
        var budgetLine: BudgetLine?
        var xTicks: [XTick]
        var yTicks: [YTick]
        var chart: Chart?
        var legend: [String]
        var deviceRows: [Row]
        var tableRows: Int
        var rolloutRows: [Row]
        var liveRunning: String?
        var unlabelledFields: [String]
        var imagesWithoutAlt: [String]
        var unnamedImages: [String]
        var htmlLang: String
        var text: [Text]
        var sameDocument: Bool?
    }

    var unsignedRedirect: String
    var deviceTokenAttempt: Page
    var cookies: [Cookie]
    var overview: Page
    var device: Page
    var rollout: Page
    var rolloutRefreshed: Page
    var history: Page
    var cookiesAfterSignOut: [Cookie]
    var afterSignOut: String
    var visitedURLs: [String]
}

/// WCAG 2 contrast of CSS colours as browsers compute them (`rgb(r, g, b)` or `rgba(…)`).
enum Contrast {
    /// The contrast ratio of `foreground` on `background`, 1…21; nil for a colour it cannot read.
    static func ratio(_ foreground: String, _ background: String) -> Double? {
        guard let front = channels(foreground), let back = channels(background) else { return nil }
        let (l1, l2) = (luminance(front), luminance(back))
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }

    /// The minimum WCAG AA asks of text this size: 3 for large text (24 px, or 18.66 px bold), else 4.5.
    static func required(fontSize: Double, fontWeight: Int) -> Double {
        fontSize >= 24 || (fontSize >= 18.66 && fontWeight >= 700) ? 3 : 4.5
    }

    private static func channels(_ css: String) -> [Double]? {
        guard let open = css.firstIndex(of: "("), let close = css.lastIndex(of: ")") else { return nil }
        let numbers = css[css.index(after: open)..<close].split(separator: ",").compactMap {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        return numbers.count >= 3 ? Array(numbers.prefix(3)) : nil
    }

    private static func luminance(_ rgb: [Double]) -> Double {
        let linear = rgb.map { value -> Double in
            let c = value / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }
}
