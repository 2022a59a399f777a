import RegistryAPI

/// Devices as table rows.
public enum DeviceRows {
    public static func table(_ devices: [DeviceView], artifacts: [String: ArtifactView] = [:]) -> Table {
        var table = Table(columns: [
            .init("id"), .init("name"), .init("fleet"), .init("hardware class"), .init("budget ms", .right),
            .init("memory MB", .right), .init("current"), .init("last seen"),
        ])
        for device in devices {
            table.append([
                device.id, device.name, device.fleet, device.hardwareClass, NumberText.fixed(device.latencyBudgetMs),
                NumberText.fixed(device.memoryBudgetMb, 0), ArtifactLabel.text(device.currentArtifactId, artifacts: artifacts),
                TimeText.format(device.lastSeen),
            ])
        }
        return table
    }
}
