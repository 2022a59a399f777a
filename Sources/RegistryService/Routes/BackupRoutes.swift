import Crypto
import EffCore
import Foundation
import Hummingbird
import RegistryAPI
import RegistryStore

/// `/v1/backups`: operators take a consistent copy of the database while the registry serves
/// (SQLite online backup) and download it (with HTTP Range). Kept in `DATA/backups/`: the newest
/// three, and every one younger than an hour, so that an id answered stays downloadable. One
/// backup is taken at a time: a request meanwhile is answered 409. Backups are 0600. Blobs are
/// not in them: they are immutable files named by their sha256, copied as they are (see
/// Docs/OPERATIONS.md).
struct BackupRoutes {
    let registry: Registry
    static let kept = 3
    static let promisedFor: TimeInterval = 3600
    private let inProgress = SingleFlight()

    private var folder: URL { registry.dataDirectory.appendingPathComponent("backups", isDirectory: true) }

    func register(on routes: RouteGroups) {
        routes.admin.post("backups") { request, _ -> EditedResponse<BackupView> in
            guard inProgress.enter() else {
                throw HTTPError(.conflict, message: "a backup is being taken; ask again when it is done")
            }
            defer { inProgress.leave() }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let created = Date()
            let id = "registry-\(Int(created.timeIntervalSince1970 * 1000))"
            let path = folder.appendingPathComponent("\(id).sqlite").path
            try await registry.store.backup(to: path)
            pruneOldBackups()
            let view = try describe(id: id, path: path, created: created)
            return EditedResponse(status: .created, response: view)
        }
        routes.admin.get("backups/:id") { request, context -> Response in
            let id = try context.parameters.require("id")
            guard id.hasPrefix("registry-"), id.dropFirst("registry-".count).allSatisfy(\.isNumber) else {
                throw HTTPError(.badRequest, message: "'\(id)' is not a backup id")
            }
            let path = folder.appendingPathComponent("\(id).sqlite").path
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
                throw HTTPError(.notFound, message: "no backup \(id)")
            }
            let response = try await BlobResponse.make(path: path, size: size, rangeHeader: request.headers[.range], context: context)
            return registry.metrics.countingBytes(of: response, into: registry.metrics.backupBytesServed)
        }
    }

    private func describe(id: String, path: String, created: Date) throws -> BackupView {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        let digest = SHA256.hash(data: data).hexString
        return BackupView(id: id, sha256: digest, sizeBytes: data.count, createdAt: created.timeIntervalSince1970)
    }

    private func pruneOldBackups() {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".sqlite") }.sorted()
        let cutoff = Date().timeIntervalSince1970 - Self.promisedFor
        for name in names.dropLast(Self.kept) {
            let milliseconds = Double(name.dropFirst("registry-".count).dropLast(".sqlite".count)) ?? 0
            guard milliseconds / 1000 < cutoff else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}
