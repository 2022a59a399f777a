import EffCore
import FleetModel
import Foundation
import Hummingbird
import RegistryStore

extension Request {
    /// Largest JSON body the API accepts.
    static let maximumJSONSize = 64 * 1024

    /// Decodes a JSON body of at most ``maximumJSONSize`` bytes; a bad body is a 400 (413 if too
    /// large) whose message names the offending field.
    func decodeJSON<T: Decodable>(_ type: T.Type) async throws -> T {
        var body = self
        let buffer: ByteBuffer
        do {
            buffer = try await body.collectBody(upTo: Self.maximumJSONSize)
        } catch {
            throw HTTPError(.contentTooLarge, message: "body is larger than \(Self.maximumJSONSize) bytes")
        }
        do {
            return try SnakeCaseJSON.decoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, context) {
            throw HTTPError(.badRequest, message: "missing field '\(SnakeCaseJSON.fieldName(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw HTTPError(.badRequest, message: "field '\(SnakeCaseJSON.fieldName(context.codingPath))' has the wrong type")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            // Domain values that check themselves say what they accept ("must be …").
            let requirement = context.debugDescription.hasPrefix("must ") ? context.debugDescription : "has an invalid value"
            throw HTTPError(.badRequest, message: "field '\(SnakeCaseJSON.fieldName(context.codingPath))' \(requirement)")
        } catch {
            throw HTTPError(.badRequest, message: "body is not valid JSON")
        }
    }
}

/// Checks on request fields that turn into a 400 naming the field.
enum Validate {
    /// A name of a fleet or device: 1–64 ASCII letters, digits, '.', '_' or '-', and not `.` or `..`.
    static func name(_ value: String, field: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".utf8)
        guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy(allowed.contains) else {
            throw HTTPError(.badRequest, message: "field '\(field)' must be 1–64 characters of letters, digits, '.', '_' or '-'")
        }
        guard value != ".", value != ".." else { throw HTTPError(.badRequest, message: "field '\(field)' must not be '.' or '..'") }
    }

    /// A latency budget (``FleetModel/LatencyBudget``), when given.
    static func latencyBudget(_ value: Double?, field: String) throws {
        guard let value, let problem = LatencyBudget.problem(value) else { return }
        throw HTTPError(.badRequest, message: "field '\(field)' \(problem)")
    }

    static func positive(_ value: Double?, field: String, maximum: Double = 1e9) throws {
        guard let value else { return }
        guard value.isFinite, value > 0, value <= maximum else {
            throw HTTPError(.badRequest, message: "field '\(field)' must be a positive number up to \(maximum)")
        }
    }

    static func nonNegative(_ values: [(Double, String)]) throws {
        for (value, field) in values where !(value.isFinite && value >= 0 && value < 1e9) {
            throw HTTPError(.badRequest, message: "field '\(field)' must be a finite number ≥ 0")
        }
    }

    static func range(_ value: Int, _ range: ClosedRange<Int>, field: String) throws {
        guard range.contains(value) else {
            throw HTTPError(.badRequest, message: "field '\(field)' must be in \(range.lowerBound)…\(range.upperBound)")
        }
    }

    /// Free text from a device (an error, a detail): at most 1,024 characters.
    /// Free text (a failure's detail, a CPU's model name): at most `maximumBytes` bytes of UTF-8,
    /// so that no grapheme cluster of thousands of combining marks passes as one character.
    static func text(_ value: String, field: String, maximumBytes: Int = 1024) throws {
        guard value.utf8.count <= maximumBytes else {
            throw HTTPError(.badRequest, message: "field '\(field)' must be at most \(maximumBytes) bytes of UTF-8")
        }
    }

    /// An engine version (``FleetModel/MeasurementCheck/engineVersion(_:)``).
    static func engineVersion(_ value: String) throws {
        do throws(InvalidMeasurementField) {
            try MeasurementCheck.engineVersion(value)
        } catch {
            throw HTTPError(.badRequest, message: error.message)
        }
    }

    /// A yes/no query parameter: absent or `false` is no, `true` is yes.
    static func flag(_ value: Substring?, name: String) throws -> Bool {
        switch value {
        case nil, "false": return false
        case "true": return true
        default: throw HTTPError(.badRequest, message: "query parameter '\(name)' must be true or false")
        }
    }

    /// A `since` query parameter: seconds since 1970, a finite number.
    static func since(_ value: Substring?) throws -> Date? {
        guard let value else { return nil }
        guard let seconds = Double(value), seconds.isFinite, value.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) })
        else {
            throw HTTPError(
                .badRequest, message: "query parameter 'since' must be seconds since 1970 (a finite number), got '\(value.prefix(64))'")
        }
        return Date(timeIntervalSince1970: seconds)
    }
}
