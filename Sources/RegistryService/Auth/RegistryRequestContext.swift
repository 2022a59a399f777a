import EffCore
import Foundation
import Hummingbird
import RegistryStore

/// The registry's request context: the caller that ``AuthenticationMiddleware`` identified.
public struct RegistryRequestContext: SnakeCaseJSONContext {
    public var coreContext: CoreRequestContextStorage
    /// The bearer token as sent (enrollment compares it with the fleet's).
    var bearerToken: String?
    var caller: Caller = .anonymous

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

/// The context of operators' routes: only the admin token gets in.
struct AdminRequestContext: ChildRequestContext, SnakeCaseJSONContext {
    var coreContext: CoreRequestContextStorage

    init(context: RegistryRequestContext) throws {
        guard case .admin = context.caller else { throw context.caller.refusal(on: .operators) }
        self.coreContext = context.coreContext
    }
}

/// The context of devices' routes: only a device token gets in, and the route knows the device.
struct DeviceRequestContext: ChildRequestContext, SnakeCaseJSONContext {
    var coreContext: CoreRequestContextStorage
    let device: DeviceIdentity

    init(context: RegistryRequestContext) throws {
        guard case .device(let device) = context.caller else { throw context.caller.refusal(on: .devices) }
        self.coreContext = context.coreContext
        self.device = device
    }
}

/// The context of routes that operators and devices share (artifacts, jobs, a device's record).
struct MemberRequestContext: ChildRequestContext, SnakeCaseJSONContext {
    /// A caller these routes serve.
    enum Member {
        case admin
        case device(DeviceIdentity)
    }

    var coreContext: CoreRequestContextStorage
    let member: Member

    init(context: RegistryRequestContext) throws {
        switch context.caller {
        case .admin: self.member = .admin
        case .device(let device): self.member = .device(device)
        case .anonymous, .unknown: throw context.caller.refusal(on: .operators)
        }
        self.coreContext = context.coreContext
    }
}

/// A context whose requests and responses speak ``EffCore/SnakeCaseJSON``, as every registry route does.
public protocol SnakeCaseJSONContext: RequestContext {}

extension SnakeCaseJSONContext {
    public var requestDecoder: JSONDecoder { SnakeCaseJSON.decoder() }
    public var responseEncoder: JSONEncoder { SnakeCaseJSON.encoder() }
}

/// The API's route groups, by who may call them.
struct RouteGroups {
    /// No token needed, or one the route checks itself (enrollment).
    let open: RouterGroup<RegistryRequestContext>
    let admin: RouterGroup<AdminRequestContext>
    let device: RouterGroup<DeviceRequestContext>
    let member: RouterGroup<MemberRequestContext>

    init(_ v1: RouterGroup<RegistryRequestContext>) {
        self.open = v1
        self.admin = v1.group(context: AdminRequestContext.self)
        self.device = v1.group(context: DeviceRequestContext.self)
        self.member = v1.group(context: MemberRequestContext.self)
    }
}
