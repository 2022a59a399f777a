import HTTPTypes
import Hummingbird

/// Console answers: HTML (or an asset) that no cache keeps and no other site frames, under a
/// content security policy that allows the console's own stylesheet and script only.
enum HTMLResponse {
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'",
        .cacheControl: "no-store",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    /// `html` with `status`.
    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A static asset.
    static func asset(_ asset: ConsoleTemplates.Asset) -> Response {
        var headers = securityHeaders
        headers[.contentType] = asset.contentType
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// `303 See Other` to `location` (after a form post), with `cookie` set when given.
    static func redirect(to location: String, cookie: Cookie? = nil) -> Response {
        var response = Response.redirect(to: location, type: .normal)
        response.headers[.cacheControl] = "no-store"
        if let cookie { response.setCookie(cookie) }
        return response
    }
}
