import ArgumentParser
import EffCore
import LiteEngine

extension Variant: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }
}

extension BackendKind: ExpressibleByArgument {}

extension BackendChoice: ExpressibleByArgument {
    public static var allValueStrings: [String] { BackendChoice.arguments }
}
