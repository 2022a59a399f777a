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

extension StoreError {
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
