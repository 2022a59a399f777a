/// A safetensors file is malformed or does not hold what was asked for.
public struct SafeTensorsError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "safetensors: \(message)" }
}
