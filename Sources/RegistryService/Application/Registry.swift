import EffCore
import Foundation
import RegistryStore

/// Everything a route needs: the store, the blob store, the admin token and the catalog.
public struct Registry: Sendable {
    public let dataDirectory: URL
    /// The database: SQLite (``RegistryStore``) or PostgreSQL, behind the same protocol.
    public let store: any FleetStore
    /// The artifact blobs on this machine: the only copy with SQLite, a cache by sha256 when the
    /// store keeps them too (``sharedBlobs``).
    public let blobs: BlobStore
    /// The store's own blob storage (PostgreSQL), which every replica on the database serves from;
    /// nil when the blobs live only in ``blobs`` (SQLite).
    public let sharedBlobs: (any SharedBlobStorage)?
    /// The operators' token, `DATA/admin.token` (a rotation applies within a second).
    public var adminToken: String { admin.current }
    let admin: AdminTokenFile
    public let catalog: VariantCatalog?
    /// Largest artifact upload accepted.
    public let maximumArtifactSize: Int
    /// Result posts, committed in groups (a post is answered once its transaction committed).
    public let results: ResultCommitQueue
    /// Heartbeats, written together at most an interval later and at shutdown.
    public let heartbeats: HeartbeatCoalescer
    /// Token hash → device, for a bounded lifetime (see ``DeviceTokenCache``).
    let deviceTokens: DeviceTokenCache
    /// The registry's metrics (`GET /metrics`).
    public let metrics: RegistryMetrics
    /// Artifact id → variant, for the physical floor of posted results (see ``ArtifactVariantCache``).
    let artifactVariants = ArtifactVariantCache()
    /// The web console shows a device offline once its last heartbeat is older than this (seconds).
    public var offlineAfter: TimeInterval = 60

    /// Opens (creating) the registry in `dataDirectory`: `registry.sqlite`, `blobs/`, `admin.token`.
    /// A device token stays authorized from memory for at most `deviceTokenLifetime` after it was
    /// last read from the database; heartbeats reach the database at most `heartbeatInterval` late.
    /// `metrics` holds the collectors this registry records into.
    public init(
        dataDirectory: URL, catalog: VariantCatalog?, maximumArtifactSize: Int = 512 << 20,
        deviceTokenLifetime: Duration = .seconds(10), heartbeatInterval: Duration = .seconds(1),
        metrics: RegistryMetrics = RegistryMetrics()
    ) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let store = RegistryStore(database: try RegistryDatabase(path: dataDirectory.appendingPathComponent("registry.sqlite").path))
        try self.init(
            dataDirectory: dataDirectory, store: store, catalog: catalog, maximumArtifactSize: maximumArtifactSize,
            deviceTokenLifetime: deviceTokenLifetime, heartbeatInterval: heartbeatInterval, metrics: metrics)
    }

    /// The registry with its records in `store` (a migrated database, such as PostgreSQL) and its
    /// admin token in `dataDirectory`. A store that keeps blobs as well (``SharedBlobStorage``)
    /// holds every artifact's bytes, and `dataDirectory/blobs` is this replica's cache of them.
    public init(
        dataDirectory: URL, store: any FleetStore, catalog: VariantCatalog?, maximumArtifactSize: Int = 512 << 20,
        deviceTokenLifetime: Duration = .seconds(10), heartbeatInterval: Duration = .seconds(1),
        metrics: RegistryMetrics = RegistryMetrics()
    ) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        self.dataDirectory = dataDirectory
        self.store = store
        sharedBlobs = store as? any SharedBlobStorage
        blobs = try BlobStore(root: dataDirectory.appendingPathComponent("blobs"))
        admin = try AdminTokenFile(dataDirectory: dataDirectory)
        self.catalog = catalog
        self.maximumArtifactSize = maximumArtifactSize
        self.metrics = metrics
        results = ResultCommitQueue(store: store, batchSizes: metrics.resultBatchSizes)
        heartbeats = HeartbeatCoalescer(store: store, interval: heartbeatInterval)
        deviceTokens = DeviceTokenCache(lifetime: deviceTokenLifetime)
    }

    /// Stops authorizing `id`'s cached token at once: call after deleting a device or replacing
    /// its token.
    public func forgetDevice(id: String) {
        deviceTokens.forget(deviceId: id)
    }

    /// Published figures of a variant, from the catalog.
    func published(variant: Variant) -> VariantCatalog.Published? {
        catalog?.entry(for: variant)?.published
    }

    /// Published top-1 of a variant and precision, from the catalog.
    func publishedTop1(variant: Variant, precision: Precision) -> Double? {
        guard let entry = catalog?.entry(for: variant) else { return nil }
        return precision == .int8 ? entry.published.top1INT8 : entry.published.top1FP32
    }
}
