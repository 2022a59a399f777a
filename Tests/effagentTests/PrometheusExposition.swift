import EffFleetTesting
import Foundation
import XCTest

/// A scrape in Prometheus' text format, parsed into its samples.
struct PrometheusExposition {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double

        /// Whether this sample is named `name` and has every label of `subset`.
        func matches(_ name: String, _ subset: [String: String]) -> Bool {
            self.name == name && subset.allSatisfy { key, value in labels[key] == value }
        }
    }

    let text: String
    let samples: [Sample]

    /// Parses every sample line (`name{a="b",…} value`); comments and blank lines are skipped.
    init(_ text: String) throws {
        self.text = text
        samples = try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw Fixtures.Missing(description: "not a sample line: \(line)")
            }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { return Sample(name: String(series), labels: [:], value: value) }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { throw Fixtures.Missing(description: "bad label in: \(line)") }
                labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    /// The value of the one sample named `name` whose labels include `labels`; nil when there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { $0.matches(name, labels) }
        return matching.count == 1 ? matching[0].value : nil
    }

    /// The sum over every sample named `name` whose labels include `labels`.
    func sum(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { $0.matches(name, labels) }.map(\.value).reduce(0, +)
    }

    /// `promtool check metrics` on this text: nil if it accepts it, else what it said. Skips the
    /// test when Debian's `prometheus` package (promtool) is not installed.
    func promtoolProblems(in directory: URL, name: String) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") else {
            throw XCTSkip("promtool is missing: install Debian's prometheus package (scripts/install-deps does)")
        }
        let file = directory.appendingPathComponent("\(name).prom")
        try Data(text.utf8).write(to: file)
        let checked = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "/usr/bin/promtool check metrics < \"$1\"", "sh", file.path], timeout: 60)
        return checked.status == 0 ? nil : "status \(checked.status): \(checked.standardOutput)\(checked.standardError)"
    }
}

/// An HTTP GET with `curl`, as a scraper does it: the status and the body.
func curlGet(_ url: String, token: String? = nil) throws -> (status: Int, body: String) {
    let marker = "\n--status:"
    var arguments = ["-sS", "-w", "\(marker)%{http_code}", url]
    if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
    let outcome = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments, timeout: 30)
    guard outcome.status == 0, let range = outcome.standardOutput.range(of: marker, options: .backwards),
        let status = Int(outcome.standardOutput[range.upperBound...])
    else { throw Fixtures.Missing(description: "curl \(url) failed: \(outcome.standardError)") }
    return (status, String(outcome.standardOutput[..<range.lowerBound]))
}
