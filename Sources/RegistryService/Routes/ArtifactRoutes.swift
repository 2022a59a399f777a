import EffCore
import Foundation
import Hummingbird
import LiteArtifact
import RegistryAPI
import RegistryStore
import TensorIO

/// `/v1/artifacts`: operators upload artifacts (raw safetensors bytes, streamed to the blob
/// store); operators and devices list them and download their blobs (with HTTP Range).
struct ArtifactRoutes {
    let registry: Registry

    func register(on routes: RouteGroups) {
        routes.admin.post("artifacts") { request, _ -> EditedResponse<ArtifactView> in
            let view = try await upload(request)
            return EditedResponse(status: .created, response: view)
        }
        routes.admin.delete("artifacts/:id") { _, context -> HTTPResponse.Status in
            let id = try context.parameters.require("id")
            try await registry.store.deleteArtifact(id: id, actor: "operator")
            try await registry.removeBlob(id)
            return .noContent
        }
        routes.member.get("artifacts") { request, _ -> [ArtifactView] in
            let variant = request.uri.queryParameters["variant"].map(String.init)
            let precision = request.uri.queryParameters["precision"].map(String.init)
            return try await registry.store.artifacts(variant: variant, precision: precision).map(\.view)
        }
        routes.member.get("artifacts/:id") { request, context -> ArtifactView in
            let id = try context.parameters.require("id")
            return try await registry.store.artifact(id: id).view
        }
        routes.member.get("artifacts/:id/blob") { request, context -> Response in
            let id = try context.parameters.require("id")
            let artifact = try await registry.store.artifact(id: id)
            let path = try await registry.intactBlobPath(artifactId: artifact.id, logger: context.logger)
            let response = try await BlobResponse.make(
                path: path, size: artifact.sizeBytes, rangeHeader: request.headers[.range], context: context)
            return registry.metrics.countingBytes(of: response, into: registry.metrics.artifactBytesServed)
        }
    }

    /// Streams the body into the blob store, validates it as an artifact, and records it.
    private func upload(_ request: Request) async throws -> ArtifactView {
        let expected = request.headers.first { $0.name.canonicalName == "x-expected-sha256" }?.value
        let digest = try await receiveBlob(request.body, expectedSHA256: expected)
        let path = try registry.blobs.url(for: digest).path
        let artifact: Artifact
        switch Result(catching: { () throws(ArtifactError) in try Artifact(path: path) }) {
        case .success(let opened):
            artifact = opened
        case .failure(let error):
            if (try? await registry.store.artifact(id: digest)) == nil { registry.blobs.remove(digest) }
            // The message names the blob's path on the server: not the client's business.
            let message = error.message.replacingOccurrences(of: path, with: "the uploaded file")
            throw HTTPError(.badRequest, message: "not a valid artifact: \(message)")
        }
        try await registry.share(blob: digest)
        let metadata = artifact.metadata
        // The credit is recomputed here from the recorded counts (at the registry's confidence),
        // not taken from the bound the file states.
        let agreement = metadata.agreement.map { Top1Credit.Agreement(inputs: $0.inputs, disagreements: $0.disagreements) }
        let credit = Top1Credit.credit(
            precision: metadata.precision, published: registry.published(variant: metadata.variant), agreement: agreement)
        let record = ArtifactRecord(
            id: digest, variant: metadata.variant.rawValue, precision: metadata.precision.rawValue,
            sizeBytes: artifact.file.byteCount, origin: metadata.origin.description, isSynthetic: !metadata.origin.isPretrained,
            publishedTop1: registry.publishedTop1(variant: metadata.variant, precision: metadata.precision),
            measuredTop1: credit?.source == .fp32MinusDisagreement ? credit?.top1 : nil,
            top1Source: credit?.source.rawValue, top1Detail: credit?.detail,
            agreementInputs: agreement?.inputs, agreementDisagreements: agreement?.disagreements,
            disagreementUpperBound: agreement?.upperBound)
        return try await registry.store.addArtifact(record).view
    }

    /// Writes the body to a new blob; returns its sha256. Too large → 413, digest mismatch → 400.
    private func receiveBlob(_ body: RequestBody, expectedSHA256: String?) async throws -> String {
        let writer = try registry.blobs.makeWriter(limit: registry.maximumArtifactSize)
        do {
            for try await buffer in body {
                try buffer.withUnsafeReadableBytes { try writer.write($0) }
            }
            return try writer.commit(expectedSHA256: expectedSHA256)
        } catch let error as StoreError {
            writer.discard()
            switch error.kind {
            case .invalid where error.message.contains("limit"): throw HTTPError(.contentTooLarge, message: error.message)
            case .invalid: throw HTTPError(.badRequest, message: error.message)
            default: throw error.httpError
            }
        }
    }
}
