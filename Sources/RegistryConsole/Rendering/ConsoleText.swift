import Foundation

/// How the console writes numbers and times: milliseconds with one decimal, top-1 in percent,
/// times in UTC, ages as the largest whole unit.
enum ConsoleText {
    /// `12.3 ms`.
    static func milliseconds(_ value: Double) -> String {
        String(format: "%.1f ms", value)
    }

    /// `12.3` (an axis label or a table cell whose header carries the unit).
    static func number(_ value: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// `76.7 %`.
    static func percent(_ value: Double) -> String {
        String(format: "%.1f %%", value)
    }

    /// `2026-11-30 12:14:29 UTC`.
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
    }

    /// `2026-11-30T12:14:29Z`, for `<time datetime>`.
    static func isoTime(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago`.
    static func age(of date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<2: return "just now"
        case ..<120: return "\(seconds) s ago"
        case ..<7200: return "\(seconds / 60) min ago"
        case ..<172_800: return "\(seconds / 3600) h ago"
        default: return "\(seconds / 86400) d ago"
        }
    }

    /// `lite1 fp32`, the way effctl's tables name an artifact.
    static func artifact(variant: String, precision: String) -> String {
        "\(variant) \(precision)"
    }
}
