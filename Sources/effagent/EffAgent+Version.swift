import ArgumentParser
import BuildInfo
import EffCore
import LiteEngine

extension EffAgent {
    /// `effagent --version`; `effagent` alone prints the help.
    mutating func run() async throws {
        guard version else { throw CleanExit.helpRequest(self) }
        let backends = BackendKind.allCases.map { VersionText.Backend(name: $0.rawValue, unavailability: $0.unavailability) }
        print(VersionText.render(program: "effagent", engine: (EngineInfo.version, backends)))
    }
}
