import Hummingbird
import RegistryStore

/// Who is calling, from the `Authorization: Bearer …` header, as ``AuthenticationMiddleware``
/// found it.
enum Caller: Sendable {
    /// No bearer token.
    case anonymous
    /// A token that is neither the admin token nor a device's: an enrollment token, or a wrong one.
    case unknown
    case admin
    case device(DeviceIdentity)

    /// The bearer token of `request`, if it has one.
    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else { return nil }
        return String(header.dropFirst(7))
    }

    /// The caller presenting `token`.
    static func identify(_ token: String?, registry: Registry) async throws -> Caller {
        guard let token else { return .anonymous }
        if registry.admin.matches(token) { return .admin }
        let tokenHash = Token.hash(token)
        if let device = try await registry.deviceTokens.device(
            tokenHash: tokenHash, load: { try await registry.store.device(tokenHash: tokenHash) })
        {
            return .device(device)
        }
        return .unknown
    }

    /// The answer to a caller on a route for `audience`: 401 without a known token, 403 for the
    /// other kind of caller.
    func refusal(on audience: Audience) -> HTTPError {
        switch self {
        case .anonymous: HTTPError(.unauthorized, message: "missing bearer token")
        case .unknown: HTTPError(.unauthorized, message: "unknown token")
        case .admin, .device:
            HTTPError(.forbidden, message: audience == .operators ? "this route is for operators" : "this route is for devices")
        }
    }

    /// Who a route group serves.
    enum Audience { case operators, devices }
}
