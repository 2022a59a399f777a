import EffCore
import Foundation

/// JSON as effctl prints it: pretty, keys sorted.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = SnakeCaseJSON.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func print<T: Encodable>(_ value: T) throws {
        Swift.print(String(decoding: try encode(value), as: UTF8.self))
    }
}
