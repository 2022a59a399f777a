import Hummingbird

/// The API's OpenAPI 3.1 document (`Docs/openapi.yaml`), served as JSON at `GET /openapi.json`.
/// The JSON is generated from the YAML by `scripts/openapi-json` into `OpenAPIDocument+JSON.swift`.
public enum OpenAPIDocument {
    /// Registers `GET /openapi.json` (no token needed: the document holds no secret).
    static func register(on router: Router<RegistryRequestContext>) {
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: json)))
        }
    }
}
