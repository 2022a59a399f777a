import Foundation

/// One class and its softmax probability.
public struct ClassScore: Hashable, Codable, Sendable {
    /// ImageNet class index (0…999).
    public var classIndex: Int
    public var probability: Double

    enum CodingKeys: String, CodingKey {
        case classIndex = "class"
        case probability
    }
}

/// Softmax and top-k over logits.
public enum Classification {
    /// The `count` most probable classes, most probable first (ties by lower index).
    public static func top(_ count: Int, of logits: [Float]) -> [ClassScore] {
        guard let maximum = logits.max() else { return [] }
        let exponentials = logits.map { exp(Double($0 - maximum)) }
        let total = exponentials.reduce(0, +)
        let order = logits.indices.sorted { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
        return order.prefix(max(count, 0)).map { ClassScore(classIndex: $0, probability: exponentials[$0] / total) }
    }
}
