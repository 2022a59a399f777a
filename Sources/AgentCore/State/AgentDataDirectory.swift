import Foundation

/// An agent's data folder: its credentials, its artifacts and which one is active.
///
/// ```
/// DIR/device.json                 id and token from enrollment (mode 0600)
/// DIR/artifacts/<sha256>.safetensors
/// DIR/active -> artifacts/<sha256>.safetensors     (symlink, swapped atomically)
/// DIR/previous -> artifacts/<sha256>.safetensors   (the one before, kept for rollback)
/// ```
public struct AgentDataDirectory: Sendable {
    /// What enrollment gave this device.
    public struct Credentials: Codable, Hashable, Sendable {
        public var deviceId: String
        public var deviceToken: String
        public var registry: String

        public init(deviceId: String, deviceToken: String, registry: String) {
            self.deviceId = deviceId
            self.deviceToken = deviceToken
            self.registry = registry
        }
    }

    public let root: URL

    public init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
    }

    public var artifacts: URL { root.appendingPathComponent("artifacts", isDirectory: true) }
    var credentialsURL: URL { root.appendingPathComponent("device.json") }
    var activeLink: URL { root.appendingPathComponent("active") }
    var previousLink: URL { root.appendingPathComponent("previous") }

    /// Where artifact `sha256` lives once downloaded.
    public func artifactPath(_ sha256: String) -> String {
        artifacts.appendingPathComponent("\(sha256).safetensors").path
    }

    /// The stored credentials, if this device has enrolled.
    public func credentials() -> Credentials? {
        guard let data = try? Data(contentsOf: credentialsURL) else { return nil }
        return try? JSONDecoder().decode(Credentials.self, from: data)
    }

    /// Stores credentials readable only by this user, atomically.
    public func saveCredentials(_ credentials: Credentials) throws {
        let temporary = root.appendingPathComponent(".device.json.tmp")
        try? FileManager.default.removeItem(at: temporary)
        let data = try JSONEncoder().encode(credentials)
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw AgentError("cannot write \(temporary.path)")
        }
        guard rename(temporary.path, credentialsURL.path) == 0 else {
            throw AgentError("cannot store credentials in \(credentialsURL.path)")
        }
    }

    /// The sha256 of the active artifact, if any.
    public func activeArtifact() -> String? {
        link(activeLink)
    }

    /// The sha256 of the active artifact in the data folder `root`, without creating anything.
    public static func activeArtifact(in root: URL, link: String = "active") -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent(link).path) else {
            return nil
        }
        let name = URL(fileURLWithPath: target).lastPathComponent
        return name.hasSuffix(".safetensors") ? String(name.dropLast(".safetensors".count)) : nil
    }

    /// The sha256 of the artifact active before the current one, if any.
    public func previousArtifact() -> String? {
        link(previousLink)
    }

    /// Makes the downloaded artifact `sha256` active: the `active` link is replaced with one
    /// rename, so a reader sees either the old or the new artifact, never a partial one; the
    /// old one becomes `previous`.
    public func activate(_ sha256: String) throws {
        guard FileManager.default.fileExists(atPath: artifactPath(sha256)) else { throw AgentError("artifact \(sha256) is not downloaded") }
        let current = activeArtifact()
        guard current != sha256 else { return }
        if let current {
            try replaceLink(previousLink, target: "artifacts/\(current).safetensors")
        }
        try replaceLink(activeLink, target: "artifacts/\(sha256).safetensors")
    }

    /// Stops serving anything: removes the `active` link (the artifact it named becomes
    /// `previous`). Nothing happens when nothing is active.
    public func deactivate() throws {
        guard let current = activeArtifact() else { return }
        try replaceLink(previousLink, target: "artifacts/\(current).safetensors")
        guard unlink(activeLink.path) == 0 || errno == ENOENT else { throw AgentError("cannot remove \(activeLink.path): errno \(errno)") }
    }

    private func link(_ url: URL) -> String? {
        Self.activeArtifact(in: url.deletingLastPathComponent(), link: url.lastPathComponent)
    }

    private func replaceLink(_ url: URL, target: String) throws {
        let temporary = root.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: target)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw AgentError("cannot switch \(url.lastPathComponent) to \(target)")
        }
    }
}

extension AgentDataDirectory {
    /// Deletes every downloaded artifact except the active one, the previous one and those in
    /// `keep` (what pending jobs and the current assignment still need), and partial downloads of
    /// artifacts not kept; returns the bytes freed. A device keeps only what it may serve or roll
    /// back to, so benchmarking a growing catalog never fills its disk.
    @discardableResult
    public func removeArtifacts(keeping keep: Set<String>) -> Int {
        let kept = keep.union([activeArtifact(), previousArtifact()].compactMap { $0 })
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: artifacts.path) else { return 0 }
        var freed = 0
        for name in names {
            let id = name.split(separator: ".").first.map(String.init) ?? name
            guard !kept.contains(id) else { continue }
            let path = artifacts.appendingPathComponent(name).path
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if (try? FileManager.default.removeItem(atPath: path)) != nil { freed += size }
        }
        return freed
    }

    /// The ids of the artifacts stored whole (not partial downloads).
    public func storedArtifacts() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: artifacts.path)) ?? []
        return names.filter { $0.hasSuffix(".safetensors") }.map { String($0.dropLast(".safetensors".count)) }.sorted()
    }

    /// Removes the stored artifact `sha256` (never the active one), and the `previous` link when it
    /// names it (there is nothing left to roll back to); returns the bytes freed.
    @discardableResult
    public func removeArtifact(_ sha256: String) -> Int {
        guard activeArtifact() != sha256 else { return 0 }
        if previousArtifact() == sha256 { _ = unlink(previousLink.path) }
        let path = artifactPath(sha256)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return (try? FileManager.default.removeItem(atPath: path)) != nil ? size : 0
    }
}
