import EffCore
import Foundation
import RegistryStore

/// Everything a route needs: the store, the blob store, the admin token and the catalog.
public struct Registry: Sendable {
    public let dataDirectory: URL
    public let store: RegistryStore
    public let blobs: BlobStore
    public let adminToken: String
    public let catalog: VariantCatalog?
    /// Largest artifact upload accepted.
    public let maximumArtifactSize: Int

    /// Opens (creating) the registry in `dataDirectory`: `registry.sqlite`, `blobs/`, `admin.token`.
    public init(dataDirectory: URL, catalog: VariantCatalog?, maximumArtifactSize: Int = 512 << 20) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        self.dataDirectory = dataDirectory
        store = RegistryStore(database: try RegistryDatabase(path: dataDirectory.appendingPathComponent("registry.sqlite").path))
        blobs = try BlobStore(root: dataDirectory.appendingPathComponent("blobs"))
        adminToken = try AdminToken.loadOrCreate(in: dataDirectory)
        self.catalog = catalog
        self.maximumArtifactSize = maximumArtifactSize
    }

    /// Published top-1 of a variant and precision, from the catalog.
    func publishedTop1(variant: Variant, precision: Precision) -> Double? {
        guard let entry = catalog?.entry(for: variant) else { return nil }
        return precision == .int8 ? entry.published.top1INT8 : entry.published.top1FP32
    }
}
