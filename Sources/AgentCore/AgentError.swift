/// An agent step failed; the message is reported to the registry as is.
public struct AgentError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
