import RegistryAPI
import RegistryClient

/// Finds a device by id, by name (within a fleet when names repeat across fleets) or by a unique id prefix.
public struct DeviceResolver {
    public let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    /// The device `idOrName` names.
    ///
    /// - Throws: ``CLIError`` when no device or several match; the client's errors otherwise.
    public func device(_ idOrName: String, fleet: String?) async throws -> DeviceView {
        do {
            let device = try await client.device(id: idOrName)
            if let fleet, device.fleet != fleet {
                throw CLIError("device \(idOrName) is in fleet '\(device.fleet)', not '\(fleet)'")
            }
            return device
        } catch let error as RegistryClientError where error.statusCode == 404 || error.statusCode == 400 {
            let devices = try await client.listDevices(fleet: fleet)
            return try Self.match(idOrName, in: devices, fleet: fleet)
        }
    }

    /// The one device of `devices` whose id or name is `idOrName`, or else whose id starts with it.
    public static func match(_ idOrName: String, in devices: [DeviceView], fleet: String?) throws -> DeviceView {
        let matches = devices.filter { $0.id == idOrName || $0.name == idOrName }
        let scope = fleet.map { " in fleet '\($0)'" } ?? ""
        guard let first = matches.first else {
            // No id or name: a unique id prefix, as for every other id.
            let prefixed = idOrName.isEmpty ? [] : devices.filter { $0.id.hasPrefix(idOrName) }
            guard !prefixed.isEmpty else { throw CLIError("no device '\(idOrName)'\(scope)") }
            return try IDPrefix.match(idOrName, in: prefixed, id: \.id, kind: "device", listing: "effctl query devices")
        }
        guard matches.count == 1 else {
            let fleets = Set(matches.map(\.fleet)).sorted().joined(separator: ", ")
            throw CLIError("\(matches.count) devices are named '\(idOrName)' (fleets \(fleets)): pass --fleet or the device id")
        }
        return first
    }
}
