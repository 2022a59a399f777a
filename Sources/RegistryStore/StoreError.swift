/// The registry's data could not be read or written as asked.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure, so that services can map it to a status code.
    public enum Kind: String, Sendable {
        case notFound
        case unauthorized
        case forbidden
        case conflict
        case invalid
        case io
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
