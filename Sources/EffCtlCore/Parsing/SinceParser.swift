import Foundation

/// Reads `--since`: unix seconds (`1735689600`), an ISO-8601 date or time (`2025-01-01`,
/// `2025-01-01T12:00:00Z`, `2025-01-01T12:00:00+02:00`), or a duration back from now made of
/// numbers with units `s`, `m`, `h`, `d`, `w` (`90s`, `10m`, `2h`, `1h30m`, `7d`).
public enum SinceParser {
    /// The moment `text` names, durations counted back from `now`.
    public static func parse(_ text: String, now: Date = Date()) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0, trimmed.allSatisfy({ $0.isNumber || $0 == "." }) {
            return Date(timeIntervalSince1970: seconds)
        }
        if let duration = duration(trimmed) {
            return now.addingTimeInterval(-duration)
        }
        if let date = isoDate(trimmed) {
            return date
        }
        throw CLIError(
            "--since '\(text)' is not unix seconds, an ISO-8601 date (2025-01-31, 2025-01-31T12:00:00Z) or a duration (10m, 2h, 7d)")
    }

    /// Seconds in a duration such as `1h30m`, or nil if `text` is not one.
    public static func duration(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total: TimeInterval = 0
        var number = ""
        var sawUnit = false
        for character in text.lowercased() {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
            } else if let unit = units[character], let value = Double(number), value.isFinite {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        return sawUnit && number.isEmpty ? total : nil
    }

    /// A date (midnight UTC) or a date and time with a zone, or nil.
    public static func isoDate(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        if let date = full.date(from: text) {
            return date
        }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) {
            return date
        }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        day.timeZone = TimeZone(identifier: "UTC")
        guard text.count == 10, let date = day.date(from: text) else { return nil }
        return date
    }
}
