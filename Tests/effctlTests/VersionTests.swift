import EffFleetTesting
import Foundation
import XCTest

/// `--version` on the three binaries: the version, the commit the build recorded, the engine's backends.
final class VersionTests: XCTestCase {
    /// The commit of this checkout as git names it, or `unknown` where git cannot tell (a copy without `.git`).
    private func expectedCommit() throws -> String {
        let git = URL(fileURLWithPath: "/usr/bin/git")
        guard FileManager.default.isExecutableFile(atPath: git.path) else { return "unknown" }
        let outcome = try ProcessRunner.run(git, ["-C", Fixtures.repository.path, "rev-parse", "--short=12", "HEAD"], timeout: 30)
        let commit = outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return outcome.status == 0 && !commit.isEmpty ? commit : "unknown"
    }

    private func version(of program: String) throws -> [String] {
        let outcome = try ProcessRunner.run(Fixtures.executable(program), ["--version"], timeout: 60)
        XCTAssertEqual(outcome.status, 0, outcome.standardError)
        return outcome.standardOutput.split(separator: "\n").map(String.init)
    }

    func testEveryBinaryNamesItsVersionTheBuiltCommitAndTheEngine() throws {
        let commit = try expectedCommit()
        for program in ["effctl", "effagent", "effregistry"] {
            let lines = try version(of: program)
            XCTAssertEqual(lines.count, 3, "\(program): \(lines)")
            XCTAssertTrue(lines.first?.hasPrefix("\(program) ") ?? false, "\(program): \(lines)")
            XCTAssertEqual(lines.dropFirst().first, "commit: \(commit)", program)
        }
        for program in ["effctl", "effagent"] {
            let engine = try version(of: program).last ?? ""
            XCTAssertTrue(engine.hasPrefix("engine: "), engine)
            for backend in ["onednn", "xnnpack", "reference"] { XCTAssertTrue(engine.contains(backend), "\(backend) not in \(engine)") }
        }
        XCTAssertEqual(try version(of: "effregistry").last, "engine: not in this binary (it runs no models)")
    }

    func testWithoutAFlagOrSubcommandTheHelpIsShown() throws {
        let outcome = try ProcessRunner.run(Fixtures.executable("effctl"), [], timeout: 60)
        XCTAssertEqual(outcome.status, 0, outcome.standardError)
        XCTAssertTrue(outcome.standardOutput.contains("SUBCOMMANDS"), outcome.standardOutput)
        XCTAssertTrue(outcome.standardOutput.contains("--version"), outcome.standardOutput)
    }
}
