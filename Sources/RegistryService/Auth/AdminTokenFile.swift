import Crypto
import Foundation

/// The admin token as the running registry knows it: `DATA/admin.token`, read again when the file
/// changes (looked at no more than once a second), so `effregistry rotate-admin-token` takes effect
/// within a second, without a restart. Every replica reading the same file (or a copy of it) shares
/// the token.
final class AdminTokenFile: @unchecked Sendable {
    private let url: URL
    private let recheck: Duration
    private let lock = NSLock()
    private var token: String
    private var digest: [UInt8]
    private var modified: Date?
    private var nextCheck: ContinuousClock.Instant

    /// Reads (creating) the token in `dataDirectory`.
    init(dataDirectory: URL, recheck: Duration = .seconds(1)) throws {
        url = dataDirectory.appendingPathComponent("admin.token")
        self.recheck = recheck
        token = try AdminToken.loadOrCreate(in: dataDirectory)
        digest = Self.digest(token)
        modified = Self.modificationDate(url)
        nextCheck = .now.advanced(by: recheck)
    }

    /// The current token.
    var current: String {
        lock.withLock {
            refreshIfDue()
            return token
        }
    }

    /// Whether `candidate` is the current token, compared in constant time (over sha256 digests, so
    /// neither the length nor any prefix of the token leaks through timing).
    func matches(_ candidate: String) -> Bool {
        let candidateDigest = Self.digest(candidate)
        let expected = lock.withLock {
            refreshIfDue()
            return digest
        }
        var difference: UInt8 = 0
        for (a, b) in zip(candidateDigest, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// Reads the file again if a second has passed and it changed; keeps the old token when the new
    /// file is unreadable or empty (a rotation half done).
    private func refreshIfDue() {
        let now = ContinuousClock.now
        guard now >= nextCheck else { return }
        nextCheck = now.advanced(by: recheck)
        let stamp = Self.modificationDate(url)
        guard stamp != modified else { return }
        guard let text = try? String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            !text.isEmpty
        else { return }
        modified = stamp
        token = text
        digest = Self.digest(text)
    }

    private static func digest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }

    private static func modificationDate(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }
}
