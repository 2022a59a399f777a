import Foundation

/// The columns of a table as the store selects them: JSON columns as text, optionally qualified by
/// a table alias and renamed with a prefix (for joins, read back with ``RowValues/prefixed(_:)``).
struct ColumnList {
    let names: [String]
    let json: Set<String>

    init(_ names: String, json: Set<String> = []) {
        self.names = names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        self.json = json
    }

    /// `a.id AS p_id, a.hardware::text AS p_hardware, …` (`alias` nil: unqualified; `prefix` "": same names).
    func select(_ alias: String? = nil, prefix: String = "") -> String {
        names.map { name in
            let column = alias.map { "\($0).\(name)" } ?? name
            let value = json.contains(name) ? "\(column)::text" : column
            return value == name && prefix.isEmpty ? name : "\(value) AS \(prefix)\(name)"
        }.joined(separator: ", ")
    }
}
