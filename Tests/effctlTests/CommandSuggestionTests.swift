import EffCtlCore
import EffFleetTesting
import XCTest

/// A mistyped subcommand gets one line that names the one meant.
final class CommandSuggestionTests: XCTestCase {
    func testTheClosestSubcommandIsSuggested() {
        let names = ["create", "list", "delete", "rotate-token"]
        XCTAssertEqual(CommandSuggestion.closest(to: "lst", among: names), "list")
        XCTAssertEqual(CommandSuggestion.closest(to: "lsit", among: names), "list")
        XCTAssertEqual(CommandSuggestion.closest(to: "rot", among: names), "rotate-token")
        XCTAssertEqual(CommandSuggestion.closest(to: "delet", among: names), "delete")
        XCTAssertNil(CommandSuggestion.closest(to: "frobnicate", among: names))
        XCTAssertNil(CommandSuggestion.closest(to: "", among: names))
        XCTAssertNil(CommandSuggestion.closest(to: "bat", among: ["cat", "hat"]), "two equally close: no guess")
    }

    func testEffctlSaysWhichSubcommandItMeant() throws {
        for (arguments, line) in [
            (["fleets", "lst"], "Error: unknown subcommand 'lst' of effctl fleets; did you mean 'list'?\n"),
            (["deploymnets", "show", "x"], "Error: unknown subcommand 'deploymnets' of effctl; did you mean 'deployments'?\n"),
        ] {
            let outcome = try ProcessRunner.run(Fixtures.executable("effctl"), arguments, timeout: 60)
            XCTAssertNotEqual(outcome.status, 0)
            XCTAssertEqual(outcome.standardError, line)
        }
        let unknown = try ProcessRunner.run(Fixtures.executable("effctl"), ["fleets", "zzzzzz"], timeout: 60)
        XCTAssertTrue(
            unknown.standardError.hasPrefix("Error: unknown subcommand 'zzzzzz' of effctl fleets; one of: "), unknown.standardError)
    }
}
