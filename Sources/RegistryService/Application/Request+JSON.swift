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
    static func name(_ value: String, field: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...64).contains(value.count), value.allSatisfy(allowed.contains) else {
            throw HTTPError(.badRequest, message: "field '\(field)' must be 1–64 characters of letters, digits, '.', '_' or '-'")
        }
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
    static func text(_ value: String, field: String) throws {
        guard value.count <= 1024 else { throw HTTPError(.badRequest, message: "field '\(field)' must be at most 1024 characters") }
    }
}
