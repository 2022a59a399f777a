import Hummingbird
import RegistryStore

/// Who is calling, from the `Authorization: Bearer …` header.
enum Caller {
    case admin
    case device(DeviceIdentity)

    /// The bearer token of `request`, or a 401.
    static func bearerToken(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else {
            throw HTTPError(.unauthorized, message: "missing bearer token")
        }
        return String(header.dropFirst(7))
    }

    /// The admin or a device; anything else is a 401.
    static func identify(_ request: Request, registry: Registry) async throws -> Caller {
        let token = try bearerToken(request)
        if token == registry.adminToken { return .admin }
        let tokenHash = Token.hash(token)
        if let device = try await registry.deviceTokens.device(
            tokenHash: tokenHash, load: { try await registry.store.device(tokenHash: tokenHash) })
        {
            return .device(device)
        }
        throw HTTPError(.unauthorized, message: "unknown token")
    }

    /// Only operators: devices get a 403.
    static func requireAdmin(_ request: Request, registry: Registry) async throws {
        guard case .admin = try await identify(request, registry: registry) else {
            throw HTTPError(.forbidden, message: "this route is for operators")
        }
    }

    /// Only devices: the admin token gets a 403.
    static func requireDevice(_ request: Request, registry: Registry) async throws -> DeviceIdentity {
        guard case .device(let device) = try await identify(request, registry: registry) else {
            throw HTTPError(.forbidden, message: "this route is for devices")
        }
        return device
    }
}
