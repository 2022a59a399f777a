import Foundation

extension CurlHTTPClient {
    /// Fetches a URL with `GET` and decodes its JSON body.
    ///
    /// Keys are decoded as `decoder` says; the default one maps nothing, so a type whose JSON uses
    /// snake_case names its keys in its `CodingKeys`.
    ///
    /// - Throws: ``HTTPClientError/httpStatus(code:body:)`` for a status outside `2xx`,
    ///   ``HTTPClientError/decoding(_:)``, and those of ``send(_:)``.
    public func getJSON<T: Decodable>(
        _ type: T.Type = T.self,
        from url: String,
        headers: HTTPHeaders = [:],
        decoder: JSONDecoder = JSONDecoder()
    ) async throws(HTTPClientError) -> T {
        let request = HTTPRequest(method: .get, url: url, headers: Self.jsonHeaders(headers, hasBody: false))
        return try Self.decode(type, from: try await self.send(request), decoder: decoder)
    }

    /// Sends `body` as JSON with `POST` and decodes the JSON response.
    ///
    /// Keys are encoded and decoded as `encoder` and `decoder` say; the defaults map nothing.
    ///
    /// - Throws: ``HTTPClientError/encoding(_:)``, ``HTTPClientError/httpStatus(code:body:)`` for a status
    ///   outside `2xx`, ``HTTPClientError/decoding(_:)``, and those of ``send(_:)``.
    public func postJSON<Body: Encodable, T: Decodable>(
        _ body: Body,
        to url: String,
        as type: T.Type = T.self,
        headers: HTTPHeaders = [:],
        encoder: JSONEncoder = JSONEncoder(),
        decoder: JSONDecoder = JSONDecoder()
    ) async throws(HTTPClientError) -> T {
        let data: Data
        do {
            data = try encoder.encode(body)
        } catch {
            throw .encoding(String(describing: error))
        }
        let request = HTTPRequest(
            method: .post,
            url: url,
            headers: Self.jsonHeaders(headers, hasBody: true),
            body: [UInt8](data)
        )
        return try Self.decode(type, from: try await self.send(request), decoder: decoder)
    }

    /// `headers` plus `Accept` and, with a body, `Content-Type` for JSON, unless `headers` has them.
    private static func jsonHeaders(_ headers: HTTPHeaders, hasBody: Bool) -> HTTPHeaders {
        var defaults: HTTPHeaders = ["Accept": "application/json"]
        if hasBody {
            defaults.add(name: "Content-Type", value: "application/json")
        }
        return defaults.merging(headers)
    }

    /// Requires a `2xx` status, then decodes the body.
    private static func decode<T: Decodable>(
        _ type: T.Type,
        from response: HTTPResponse,
        decoder: JSONDecoder
    ) throws(HTTPClientError) -> T {
        guard response.isSuccess else {
            throw .httpStatus(code: response.status, body: response.body)
        }
        do {
            return try decoder.decode(type, from: Data(response.body))
        } catch {
            throw .decoding(String(describing: error))
        }
    }
}
