import Foundation

/// CSV as RFC 4180 writes it: fields holding a comma, quote or line break are quoted, quotes doubled.
public enum CSV {
    /// One field, quoted when it must be.
    public static func escape(_ field: String) -> String {
        let needsQuotes =
            field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record, without its line break.
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }

    /// A table as CSV: the column titles, then every row, each line ending in `\n`.
    public static func render(_ table: Table) -> String {
        ([line(table.columns.map(\.title))] + table.rows.map(line)).map { $0 + "\n" }.joined()
    }
}
