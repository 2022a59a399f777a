import Foundation

/// Artifact id → variant, in memory, so that checking a posted result against its physical floor
/// costs no database read once the artifact was seen. An artifact's id is the sha256 of its
/// bytes, so its variant never changes and entries never go stale; the cache holds at most
/// ``capacity`` entries (it is emptied when full).
final class ArtifactVariantCache: @unchecked Sendable {
    let capacity: Int
    private let lock = NSLock()
    private var variants: [String: String] = [:]

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The variant of artifact `id`: from memory, else from `load` (nil: no such artifact, not cached).
    func variant(of id: String, load: () async throws -> String?) async rethrows -> String? {
        if let cached = lock.withLock({ variants[id] }) { return cached }
        guard let variant = try await load() else { return nil }
        lock.withLock {
            if variants.count >= capacity { variants.removeAll(keepingCapacity: true) }
            variants[id] = variant
        }
        return variant
    }
}
