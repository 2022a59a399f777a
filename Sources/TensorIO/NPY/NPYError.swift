/// A `.npy` file is malformed or of a kind EffFleet does not read.
public struct NPYError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "npy: \(message)" }
}
