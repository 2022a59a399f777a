import Foundation

/// EffFleet's JSON: camelCase properties as snake_case keys (`p90Ms` ↔ `p90_ms`), on the registry's
/// wire, in the store's JSON columns and in the engine's output. Types name no keys of their own;
/// a property's name is its key, converted here. Units are words in mixed case (`Ms`, `Mb`), never
/// all-caps acronyms, so that every name survives the round trip.
public enum SnakeCaseJSON {
    /// An encoder writing snake_case keys.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    /// A decoder reading snake_case keys.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// The JSON name of a coding path, for messages that name a field (`intervals.p90.lower`,
    /// `peak_rss_mb`): array positions are left out.
    public static func fieldName(_ path: [any CodingKey]) -> String {
        path.filter { $0.intValue == nil }.map { key(for: $0.stringValue) }.joined(separator: ".")
    }

    /// `p90Ms` → `p90_ms`: a word starts at each capital letter.
    public static func key(for property: String) -> String {
        var key = ""
        for character in property {
            if character.isUppercase {
                if !key.isEmpty { key.append("_") }
                key.append(contentsOf: character.lowercased())
            } else {
                key.append(character)
            }
        }
        return key
    }
}
