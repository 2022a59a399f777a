import Foundation
import PostgresNIO

/// One result row, decoded by column name; `prefix` names the columns of one joined table
/// (`artifact_id` for `prefix` `artifact_`).
struct RowValues {
    private let row: PostgresRandomAccessRow
    private let prefix: String

    init(_ row: PostgresRow, prefix: String = "") {
        self.row = row.makeRandomAccess()
        self.prefix = prefix
    }

    private init(row: PostgresRandomAccessRow, prefix: String) {
        self.row = row
        self.prefix = prefix
    }

    /// The same row, reading the columns named with `prefix`.
    func prefixed(_ prefix: String) -> RowValues { RowValues(row: row, prefix: prefix) }

    /// Column `name` as a `T` (an optional `T` for a nullable column).
    func callAsFunction<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try row[prefix + name].decode(T.self)
    }

    /// A JSON column (selected as text), decoded; nil for NULL.
    func json<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T? {
        guard let text = try self(name, as: String?.self) else { return nil }
        return try PostgresJSON.decoder.decode(T.self, from: Data(text.utf8))
    }

    /// A column holding a `RawRepresentable`'s raw value.
    func raw<T: RawRepresentable>(_ name: String, as type: T.Type = T.self) throws -> T where T.RawValue == String {
        let text = try self(name, as: String.self)
        guard let value = T(rawValue: text) else {
            throw PostgresDecodingError.Code.failure
        }
        return value
    }
}

/// JSON columns are written and read as GRDB does for SQLite (sorted keys, dates in milliseconds
/// since 1970), so a value is stored the same way on both databases.
enum PostgresJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.dataEncodingStrategy = .base64
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        decoder.dataDecodingStrategy = .base64
        return decoder
    }()

    /// `value` as JSON text, nil for nil (bound as text and cast to `jsonb` in the statement).
    static func text<T: Encodable>(_ value: T?) throws -> String? {
        try value.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
    }
}
