import ArgumentParser
import BuildInfo
import EffCore
import LiteEngine

extension EffCtl {
    /// `effctl --version`; `effctl` alone prints the help.
    mutating func run() async throws {
        guard version else { throw CleanExit.helpRequest(self) }
        let backends = BackendKind.allCases.map { VersionText.Backend(name: $0.rawValue, unavailability: $0.unavailability) }
        print(VersionText.render(program: "effctl", engine: (EngineInfo.version, backends)))
    }
}
