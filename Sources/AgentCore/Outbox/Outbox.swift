import CoreMetrics
import EffCore
import Foundation
import GRDB
import Logging
import RegistryAPI
import RegistryClient

/// The agent's on-disk outbox (`DIR/outbox.sqlite`): every result and state report is written here
/// first and deleted only when the registry acknowledged it, so neither a registry outage nor a
/// SIGKILL of the agent loses one. Messages go out in the order they were written.
public struct Outbox: Sendable {
    private let queue: DatabaseQueue
    /// The outbox's file, for errors.
    private let path: String
    /// Set to the number of waiting messages whenever it changes.
    private let depth: Gauge?

    /// Opens (creating) the outbox in `directory`; `depth`, if given, follows the number of waiting messages.
    public init(directory: URL, depth: Gauge? = nil) throws {
        self.depth = depth
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        path = directory.appendingPathComponent("outbox.sqlite").path
        queue = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: messages") { db in
            try db.create(table: "message") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("body", .blob).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("lastError", .text)
                t.column("createdAt", .datetime).notNull()
            }
        }
        try migrator.migrate(queue)
        try depth?.record(queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") ?? 0 })
    }

    /// Stores `message` durably.
    public func enqueue(_ message: OutboxMessage) async throws {
        let body = try SnakeCaseJSON.encoder().encode(message)
        do {
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO message (body, createdAt) VALUES (?, ?)", arguments: [body, Date()])
            }
        } catch {
            if let full = DiskFull(error, databasePath: path) { throw full }
            throw error
        }
        try await recordDepth()
    }

    /// Messages not yet acknowledged.
    public func pendingCount() async throws -> Int {
        try await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") ?? 0 }
    }

    /// Delivers messages in order until none is left. A message the registry refuses for good
    /// (a 4xx other than 401, 408 or 429: it would never be accepted) is dropped and logged; any
    /// other failure is counted on the message and thrown, and the rest wait for the next call.
    public func flush(_ client: any DeviceRegistry, logger: Logger) async throws {
        while let (id, body) = try await queue.read({ db in
            try Row.fetchOne(db, sql: "SELECT id, body FROM message ORDER BY id LIMIT 1").map { ($0["id"] as Int64, $0["body"] as Data) }
        }) {
            let message: OutboxMessage
            do {
                message = try SnakeCaseJSON.decoder().decode(OutboxMessage.self, from: body)
            } catch {
                logger.error("dropping an unreadable outbox message \(id): \(error)")
                try await remove(id)
                continue
            }
            do {
                try await deliver(message, client)
            } catch let error where error.isArtifactFault {
                logger.error("the registry refused \(message.summary) for good, dropping it: \(error)")
            } catch {
                try await queue.write { db in
                    try db.execute(
                        sql: "UPDATE message SET attempts = attempts + 1, lastError = ? WHERE id = ?", arguments: ["\(error)", id])
                }
                throw error
            }
            try await remove(id)
        }
    }

    private func remove(_ id: Int64) async throws {
        try await queue.write { db in try db.execute(sql: "DELETE FROM message WHERE id = ?", arguments: [id]) }
        try await recordDepth()
    }

    private func recordDepth() async throws {
        guard let depth else { return }
        depth.record(try await pendingCount())
    }

    private func deliver(_ message: OutboxMessage, _ client: any DeviceRegistry) async throws(RegistryClientError) {
        switch message {
        case .result(let report): _ = try await client.postResult(report)
        case .jobFailure(let jobId, let report): _ = try await client.reportJobFailure(id: jobId, error: report.error)
        case .assignmentState(let id, let report): _ = try await client.reportAssignmentState(id: id, report)
        case .health(let id, let report): _ = try await client.reportHealth(id: id, report)
        }
    }
}
