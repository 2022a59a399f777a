import ArgumentParser
import BuildInfo

extension EffRegistry {
    /// `effregistry --version` (the registry runs no models, so it names no backends); `effregistry` alone prints the help.
    mutating func run() async throws {
        guard version else { throw CleanExit.helpRequest(self) }
        print(VersionText.render(program: "effregistry", engine: nil))
    }
}
