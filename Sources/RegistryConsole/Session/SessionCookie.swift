import Foundation
import Hummingbird

/// The console's session cookie: the session id only, HttpOnly and SameSite=Strict, for the whole
/// site. Not `Secure`, since the registry serves plain HTTP (behind a TLS proxy the proxy may add it).
enum SessionCookie {
    static let name = "effconsole_session"

    /// The cookie that carries `sessionId` for `lifetime` seconds.
    static func carrying(_ sessionId: String, lifetime: TimeInterval) -> Cookie {
        Cookie(name: name, value: sessionId, maxAge: Int(lifetime), path: "/", httpOnly: true, sameSite: .strict)
    }

    /// The cookie that makes the browser forget the session.
    static let cleared = Cookie(name: name, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)

    /// The session id `request` carries, if any.
    static func sessionId(in request: Request) -> String? {
        request.cookies[name]?.value
    }
}
