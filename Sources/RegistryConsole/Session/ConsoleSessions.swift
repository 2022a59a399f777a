import Crypto
import EffCore
import Foundation

/// Signed-in browsers. A sign-in gets a new random session id (32 bytes, hex) that only its
/// cookie holds; the console keeps the id's sha256 and an expiry, in memory: a restart signs
/// everyone out, and nothing on disk or in the cookie reveals the admin token.
final class ConsoleSessions: @unchecked Sendable {
    let lifetime: TimeInterval
    /// Most sessions kept; the ones closest to expiry are dropped first beyond it.
    let capacity: Int
    private let lock = NSLock()
    private var expiries: [SHA256Digest: Date] = [:]

    init(lifetime: TimeInterval, capacity: Int = 1000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// A new session valid until `now + lifetime`; returns its id for the cookie.
    func open(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let id = bytes.hexString
        lock.withLock {
            expiries = expiries.filter { $0.value > now }
            if expiries.count >= capacity, let oldest = expiries.min(by: { $0.value < $1.value }) {
                expiries[oldest.key] = nil
            }
            expiries[Self.key(id)] = now.addingTimeInterval(lifetime)
        }
        return id
    }

    /// Whether `id` names an open session that has not expired.
    func isOpen(_ id: String, now: Date = Date()) -> Bool {
        lock.withLock { expiries[Self.key(id)].map { $0 > now } ?? false }
    }

    /// Ends the session `id` (sign-out).
    func close(_ id: String) {
        _ = lock.withLock { expiries.removeValue(forKey: Self.key(id)) }
    }

    private static func key(_ id: String) -> SHA256Digest {
        SHA256.hash(data: Data(id.utf8))
    }
}
