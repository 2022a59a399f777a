import ArgumentParser
import EffCore
import LiteEngine

extension Variant: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }
}

extension BackendKind: ExpressibleByArgument {}
