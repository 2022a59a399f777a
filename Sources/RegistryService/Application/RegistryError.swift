import Hummingbird
import RegistryStore

/// Failures of the registry service itself.
public enum RegistryError: Error, CustomStringConvertible {
    case `internal`(String)

    public var description: String {
        switch self {
        case .internal(let message): message
        }
    }
}

extension StoreError: HTTPResponseError {
    /// The status a store failure answers with.
    public var status: HTTPResponse.Status { httpError.status }

    /// The JSON error body of ``httpError``.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try httpError.response(from: request, context: context)
    }

    /// The HTTP error a store failure becomes.
    var httpError: HTTPError {
        switch kind {
        case .notFound: HTTPError(.notFound, message: message)
        case .unauthorized: HTTPError(.unauthorized, message: message)
        case .forbidden: HTTPError(.forbidden, message: message)
        case .conflict: HTTPError(.conflict, message: message)
        case .invalid: HTTPError(.badRequest, message: message)
        case .io: HTTPError(.internalServerError, message: "storage failure")
        }
    }
}
