import Foundation

/// How times (seconds since 1970) are shown.
public enum TimeText {
    /// `2025-03-01T12:00:05Z`, or `-` for nil.
    public static func format(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}

/// Numbers as tables show them.
public enum NumberText {
    /// `value` with `digits` decimals, or `-` for nil.
    public static func fixed(_ value: Double?, _ digits: Int = 2) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(digits)f", value)
    }

    /// A top-1 accuracy in percent, such as `75.1%`, or `-`.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.1f%%", value)
    }

    /// A byte count in MiB with one decimal, such as `17.6 MiB`.
    public static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
