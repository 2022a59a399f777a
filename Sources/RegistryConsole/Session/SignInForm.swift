import Crypto
import Foundation

/// The sign-in form's body (`application/x-www-form-urlencoded`): the admin token, once.
struct SignInForm: Decodable, Sendable {
    var token: String

    /// Whether `token` is `adminToken`, compared in constant time (as digests). A device or
    /// enrollment token is simply not it.
    func isAdmin(_ adminToken: String) -> Bool {
        let given = token.trimmingCharacters(in: .whitespacesAndNewlines)
        return !given.isEmpty && SHA256.hash(data: Data(given.utf8)) == SHA256.hash(data: Data(adminToken.utf8))
    }
}
