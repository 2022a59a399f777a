import EffCore
import EffFleetTesting
import Foundation
import RegistryAPI
import RegistryClient
import XCTest

/// The console in a real browser: headless Chromium (Debian's `chromium`) signs in through the
/// form and reads the pages of a live `effregistry` process seeded with a fleet over HTTP.
/// Screenshots go to `.cache/test-output/console/` (git-ignored).
final class ConsoleBrowserTests: XCTestCase {
    private var root: URL!
    private var fleet: ConsoleFleet?

    override func setUpWithError() throws {
        root = try Fixtures.temporaryDirectory("console-browser")
    }

    override func tearDownWithError() throws {
        fleet?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    static var screenshots: URL {
        Fixtures.repository.appendingPathComponent(".cache/test-output/console")
    }

    func testConsoleInChromium() async throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("Debian's chromium is not installed (scripts/install-deps installs it)")
        }
        let fleet = try ConsoleFleet(root: root)
        self.fleet = fleet
        try await fleet.seed()
        let heartbeats = try fleet.heartbeating()
        defer { heartbeats.cancel() }
        try await fleet.waitUntilOffline("cam-3")
        let rollout = try XCTUnwrap(fleet.rollout)
        let canary = try XCTUnwrap(rollout.assignments.first { $0.state == .pending }, "the canary stage has a pending device")
        let facts = try await runBrowser(chromium: chromium, fleet: fleet, rollout: rollout.id, canary: canary.device) {
            // While the browser shows the rollout, the canary device starts downloading.
            let client = try fleet.device(canary.device)
            let current = try await client.currentAssignment()
            let assignment = try XCTUnwrap(current, "the canary device's assignment")
            _ = try await client.reportAssignmentState(
                id: assignment.id, AssignmentStateReport(state: .downloading, detail: "from the test"))
        }

        // Sign-in: nothing without a session, a device token refused, the admin token opens a
        // session whose cookie is HttpOnly, SameSite=Strict and is not the token; no URL holds a token.
        XCTAssertEqual(facts.unsignedRedirect, "/sign-in")
        XCTAssertEqual(facts.deviceTokenAttempt.path, "/sign-in")
        XCTAssertTrue(facts.deviceTokenAttempt.bodyText.contains("not the admin token"), facts.deviceTokenAttempt.bodyText)
        let session = try XCTUnwrap(facts.cookies.first { $0.name == "effconsole_session" }, "the session cookie")
        XCTAssertEqual(facts.cookies.count, 1)
        XCTAssertTrue(session.httpOnly)
        XCTAssertEqual(session.sameSite, "Strict")
        XCTAssertEqual(session.path, "/")
        XCTAssertFalse(session.value.contains(fleet.adminToken))
        XCTAssertEqual(session.value.count, 64, "a 32-byte random session id in hex")
        let tokens = [fleet.adminToken] + fleet.deviceTokensByName.values
        XCTAssertFalse(facts.visitedURLs.isEmpty)
        for url in facts.visitedURLs { XCTAssertFalse(tokens.contains { url.contains($0) }, "a token in the URL \(url)") }

        // Overview: online and offline devices, the newest rollout running.
        XCTAssertEqual(facts.overview.path, "/")
        let statuses = Dictionary(facts.overview.deviceRows.map { ($0.device, $0.status ?? "") }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(statuses, ["cam-1": "online", "cam-2": "online", "cam-3": "offline"])
        XCTAssertTrue(facts.overview.bodyText.contains("running"), "the newest rollout's state")
        XCTAssertTrue(facts.overview.bodyText.contains("at most 8 s old"), "the stated online threshold")

        try checkPicture(facts.device, fleet: fleet)

        // Rollout: running, the canary device pending; then refreshed in place (no reload) by the script.
        XCTAssertEqual(facts.rollout.liveRunning, "true")
        XCTAssertEqual(facts.rollout.rolloutRows.first { $0.device == canary.device }?.state, "pending")
        XCTAssertEqual(facts.rolloutRefreshed.rolloutRows.first { $0.device == canary.device }?.state, "downloading")
        XCTAssertEqual(facts.rolloutRefreshed.sameDocument, true, "the page refreshed its fragment, not itself")
        XCTAssertTrue(facts.rollout.bodyText.contains("stage 1 of 2"))

        // History: the fleet's events, with the deployment.
        XCTAssertGreaterThan(facts.history.tableRows, 0)
        XCTAssertTrue(facts.history.bodyText.contains(String(rollout.id.prefix(8))), facts.history.bodyText)

        // Sign-out: the cookie is gone and the console asks for the token again.
        XCTAssertFalse(facts.cookiesAfterSignOut.contains { $0.name == "effconsole_session" })
        XCTAssertEqual(facts.afterSignOut, "/sign-in")

        for page in [facts.deviceTokenAttempt, facts.overview, facts.device, facts.rollout, facts.history] {
            checkAccessibility(page)
        }
        for name in ["console-overview.png", "console-device.png", "console-device-picture.png", "console-rollout-running.png"] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: Self.screenshots.appendingPathComponent(name).path)
            XCTAssertGreaterThan(attributes?[.size] as? Int ?? 0, 10_000, "screenshot \(name)")
        }
    }

    /// One point per measured pair with the planner's verdict, the chosen one marked, every point
    /// and the budget line where the axis ticks put their figures.
    private func checkPicture(_ page: BrowserFacts.Page, fleet: ConsoleFleet) throws {
        XCTAssertEqual(page.points.count, ConsoleFleet.pairs.count, "one point per measured (artifact, backend)")
        for pair in ConsoleFleet.pairs {
            let artifact = try XCTUnwrap(fleet.artifacts[pair.variant])
            let point = try XCTUnwrap(
                page.points.first { $0.artifactId == artifact.id && $0.backend == pair.backend }, "\(pair.variant) on \(pair.backend)")
            XCTAssertEqual(point.verdict, pair.verdict, "\(pair.variant) on \(pair.backend)")
            XCTAssertEqual(point.chosenMark, pair.verdict == "chosen", "\(pair.variant) on \(pair.backend)")
            XCTAssertEqual(point.latencyMs, pair.p90Ms, accuracy: 0.01)
            XCTAssertEqual(point.lowerMs ?? -1, pair.lowerMs, accuracy: 0.01)
            XCTAssertEqual(point.upperMs ?? -1, pair.upperMs, accuracy: 0.01)
            XCTAssertEqual(point.top1, try XCTUnwrap(artifact.top1), accuracy: 0.01)
            XCTAssertFalse(point.ariaLabel.isEmpty)
            XCTAssertFalse(point.title.isEmpty)
        }
        XCTAssertEqual(page.points.filter(\.chosenMark).count, 1)

        // The x axis as a reader sees it: two tick labels and where they stand.
        let xTicks = try XCTUnwrap(page.xTicks.count >= 2 ? page.xTicks : nil, "x axis ticks")
        let (first, last) = (xTicks[0], xTicks[xTicks.count - 1])
        func x(_ ms: Double) -> Double { first.x + (ms - first.value) / (last.value - first.value) * (last.x - first.x) }
        let yTicks = try XCTUnwrap(page.yTicks.count >= 2 ? page.yTicks : nil, "y axis ticks")
        let (bottom, top) = (yTicks[0], yTicks[yTicks.count - 1])
        func y(_ top1: Double) -> Double { bottom.y + (top1 - bottom.value) / (top.value - bottom.value) * (top.y - bottom.y) }

        let line = try XCTUnwrap(page.budgetLine, "the budget line")
        let limit = ConsoleFleet.latencyBudgetMs / (1 + ConsoleFleet.headroom)
        XCTAssertEqual(line.limitMs, limit, accuracy: 0.01)
        XCTAssertEqual(line.x1, x(limit), accuracy: 0.5, "the budget line at 20 ms ÷ 1.1")
        XCTAssertEqual(line.x2, line.x1)
        for point in page.points {
            XCTAssertEqual(point.markerCenterX, x(point.latencyMs), accuracy: 0.5, point.artifact)
            XCTAssertEqual(point.markerCenterY, y(point.top1), accuracy: 1.5, point.artifact)
        }
        let chart = try XCTUnwrap(page.chart)
        XCTAssertEqual(chart.role, "img")
        XCTAssertFalse(chart.title.isEmpty)
        XCTAssertTrue(chart.desc.contains("chosen: lite1 fp32 on onednn"), chart.desc)
        XCTAssertGreaterThanOrEqual(page.legend.count, 5)
    }

    /// Labels on fields, alt text on images, a name on every `role=img`, and WCAG AA contrast.
    private func checkAccessibility(_ page: BrowserFacts.Page, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(page.htmlLang, "en", page.path, file: file, line: line)
        XCTAssertFalse(page.title.isEmpty, page.path, file: file, line: line)
        XCTAssertEqual(page.unlabelledFields, [], page.path, file: file, line: line)
        XCTAssertEqual(page.imagesWithoutAlt, [], page.path, file: file, line: line)
        XCTAssertEqual(page.unnamedImages, [], page.path, file: file, line: line)
        XCTAssertFalse(page.text.isEmpty, page.path, file: file, line: line)
        for text in page.text {
            guard let ratio = Contrast.ratio(text.color, text.background) else {
                XCTFail("\(page.path): unreadable colours \(text.color) on \(text.background)", file: file, line: line)
                continue
            }
            XCTAssertGreaterThanOrEqual(
                ratio, Contrast.required(fontSize: text.fontSize, fontWeight: text.fontWeight),
                "\(page.path): '\(text.text)' (\(text.tag)) \(text.color) on \(text.background)", file: file, line: line)
        }
    }

    /// Runs the browser script; once it shows the rollout page, runs `duringRollout`, then waits
    /// for the script and decodes what it found. Skips if Chromium cannot start here.
    private func runBrowser(
        chromium: String, fleet: ConsoleFleet, rollout: String, canary: String, duringRollout: () async throws -> Void
    ) async throws -> BrowserFacts {
        let adminTokenFile = root.appendingPathComponent("admin.token.copy")
        let deviceTokenFile = root.appendingPathComponent("cam-1.token")
        try Data(fleet.adminToken.utf8).write(to: adminTokenFile)
        try Data(try XCTUnwrap(fleet.deviceTokensByName["cam-1"]).utf8).write(to: deviceTokenFile)
        let ready = root.appendingPathComponent("rollout-page.ready")
        let factsFile = root.appendingPathComponent("facts.json")
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let script = Fixtures.repository.appendingPathComponent("Tests/RegistryConsoleTests/Fixtures/console_browser.py")
        let browser = try ServiceProcess(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                script.path, "--chromium", chromium, "--base", fleet.url, "--admin-token-file", adminTokenFile.path,
                "--device-token-file", deviceTokenFile.path, "--device", try XCTUnwrap(fleet.deviceIdsByName["cam-1"]),
                "--rollout", rollout, "--rollout-device", canary, "--ready-file", ready.path,
                "--screenshots", Self.screenshots.path, "--facts", factsFile.path,
            ],
            name: "browser", logURL: root.appendingPathComponent("browser.log"))
        try ServiceProcess.waitUntil(timeout: 120, "the browser to show the rollout page") {
            FileManager.default.fileExists(atPath: ready.path) || !browser.isRunning
        }
        if FileManager.default.fileExists(atPath: ready.path) { try await duringRollout() }
        try ServiceProcess.waitUntil(timeout: 120, "the browser script to finish") { !browser.isRunning }
        let status = browser.stop()
        if status == 77 { throw XCTSkip("Chromium cannot start here: \(browser.log.suffix(1500))") }
        guard status == 0 else {
            throw Fixtures.Missing(
                description: "the browser script failed (\(String(describing: status))): \(browser.log.suffix(3000))\n"
                    + "registry: \(fleet.registry.log.suffix(2000))")
        }
        return try JSONDecoder().decode(BrowserFacts.self, from: Data(contentsOf: factsFile))
    }
}
