import Crypto
import CurlClient
import EffCore
import Foundation
import RegistryAPI

extension RegistryClient {
    /// `POST /v1/artifacts` (admin): uploads an artifact file.
    ///
    /// The file is read whole (artifacts are tens of megabytes) and sent with `X-Expected-SHA256`,
    /// so the registry refuses bytes damaged on the way.
    public func uploadArtifact(path: String) async throws(RegistryClientError) -> ArtifactView {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
        } catch CocoaError.fileReadNoSuchFile {
            throw .file(path: path, reason: "no such file")
        } catch CocoaError.fileReadNoPermission {
            throw .file(path: path, reason: "permission denied")
        } catch {
            // Foundation's own text repeats the file's name; say only what it is about.
            throw .file(path: path, reason: "cannot read (\((error as NSError).code))")
        }
        return try await uploadArtifact(bytes: bytes)
    }

    /// `POST /v1/artifacts` (admin): uploads an artifact's bytes.
    public func uploadArtifact(bytes: [UInt8]) async throws(RegistryClientError) -> ArtifactView {
        let digest = SHA256.hash(data: bytes).hexString
        let target = url("/v1/artifacts")
        let response = try await exchange(
            .post, target, body: bytes,
            headers: ["Content-Type": "application/octet-stream", "X-Expected-SHA256": digest],
            timeout: .seconds(600)
        )
        return try decode(ArtifactView.self, from: response, url: target)
    }

    /// `DELETE /v1/artifacts/{id}` (admin): deletes the artifact's blob; refused while assigned.
    public func deleteArtifact(id: String) async throws(RegistryClientError) {
        _ = try await exchange(.delete, url("/v1/artifacts/" + Self.segment(id)))
    }

    /// `GET /v1/artifacts[?variant=&precision=]` (admin, device).
    public func listArtifacts(variant: String? = nil, precision: String? = nil) async throws(RegistryClientError) -> [ArtifactView] {
        try await get([ArtifactView].self, url("/v1/artifacts", query: [("variant", variant), ("precision", precision)]))
    }

    /// `GET /v1/artifacts/{id}` (admin, device).
    public func artifact(id: String) async throws(RegistryClientError) -> ArtifactView {
        try await get(ArtifactView.self, url("/v1/artifacts/" + Self.segment(id)))
    }

    /// `GET /v1/artifacts/{id}/blob` (admin, device): downloads the artifact to `path`.
    ///
    /// The bytes go to `path + ".partial"` first; an earlier interrupted call is resumed with a
    /// `Range` request. The file appears at `path` only once its SHA-256 equals the id.
    ///
    /// - Parameter expectedSize: the artifact's size, if known (checked against free disk space).
    public func downloadBlob(id: String, to path: String, expectedSize: Int? = nil) async throws(RegistryClientError) -> DownloadResult {
        let source = url("/v1/artifacts/" + Self.segment(id) + "/blob")
        do {
            return try await http.download(from: source, to: path, expectedSHA256: id, expectedSize: expectedSize)
        } catch {
            throw Self.translate(error, url: source)
        }
    }
}
