import Foundation
import Hummingbird
import RegistryConsole

/// The API's OpenAPI 3.1 document (`Docs/openapi.yaml`), served as JSON at `GET /openapi.json`.
/// `scripts/openapi-json` writes the JSON from the YAML into `openapi.json`, a resource of this
/// module (`EffFleet_RegistryService.resources` beside the `effregistry` binary).
public enum OpenAPIDocument {
    /// The JSON, read once; nil when the resource folder is missing.
    static let json: ByteBuffer? = ModuleResources.folder(of: "EffFleet_RegistryService", containing: "openapi.json")
        .flatMap { try? Data(contentsOf: $0.appendingPathComponent("openapi.json")) }
        .map { ByteBuffer(bytes: $0) }

    /// Registers `GET /openapi.json` (no token needed: the document holds no secret).
    static func register(on router: Router<RegistryRequestContext>) {
        router.get("openapi.json") { _, _ in
            guard let json else {
                throw HTTPError(
                    .internalServerError,
                    message: "the OpenAPI document is missing: install EffFleet_RegistryService.resources beside "
                        + ModuleResources.executableFolder.path)
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: json))
        }
    }
}
