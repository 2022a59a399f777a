import HTTPTypes
import Hummingbird
import RegistryStore

/// A console page that cannot be shown: answered as an HTML page with this status and message.
struct ConsoleError: Error, Sendable, CustomStringConvertible {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The page to show for `error`: a store's "not found" is 404, anything else keeps its
    /// message out of the page (it goes to the log) and is 500.
    init(_ error: any Error) {
        switch error {
        case let error as ConsoleError: self = error
        case let error as StoreError where error.kind == .notFound: self.init(.notFound, error.message)
        case let error as StoreError where error.kind == .invalid: self.init(.badRequest, error.message)
        default: self.init(.internalServerError, "the console could not read the registry; see the registry's log")
        }
    }

    var description: String { "\(status.code) \(message)" }
}
