/// Numeric precision of an artifact's weights and arithmetic.
public enum Precision: String, CaseIterable, Codable, Sendable {
    case fp32
    case int8
}
