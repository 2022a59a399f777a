import EffCore
import Foundation

/// Reads the registry's error bodies: `{"error": {"message": "…"}}`.
public enum RegistryErrorBody {
    private struct Envelope: Decodable {
        struct Detail: Decodable {
            var message: String?
        }
        var error: Detail?
    }

    /// The message of an error body, or, for a body that is not one, its first line (at most
    /// 200 characters); empty for an empty body. Never more than one line.
    public static func message(from body: [UInt8]) -> String {
        if let envelope = try? SnakeCaseJSON.decoder().decode(Envelope.self, from: Data(body)),
            let message = envelope.error?.message, !message.isEmpty
        {
            return oneLine(message)
        }
        return oneLine(String(decoding: body.prefix(200), as: UTF8.self))
    }

    /// `text` with line breaks turned into spaces and surrounding blanks removed.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
