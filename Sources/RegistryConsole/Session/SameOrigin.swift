import Foundation
import HTTPTypes
import Hummingbird

/// The console's form posts (sign-in, sign-out) are accepted from the console's own pages only:
/// a browser names the page's origin in `Origin`, and another site's origin is refused. Requests
/// without `Origin` (scripts, older browsers) pass; the session cookie is SameSite=Strict anyway.
enum SameOrigin {
    /// Whether `request` comes from a page of this registry, as far as its `Origin` tells.
    static func allows(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority, let separator = origin.range(of: "://") else { return false }
        return origin[separator.upperBound...] == host[...]
    }
}
