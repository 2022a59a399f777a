import ArgumentParser
import EffCore
import EffCtlCore
import Foundation

/// The filters `effctl query` understands. Each subcommand applies those that mean something
/// for its records (server-side where the API can) and refuses the others.
struct QueryFilters: ParsableArguments {
    @Option(help: "Only this fleet.") var fleet: String?
    @Option(help: "Only this device (id or name).") var device: String?
    @Option(help: "Only this variant (lite0…lite4).") var variant: String?
    @Option(help: "Only this precision (fp32, int8).") var precision: String?
    @Option(help: "Only records since: unix seconds, an ISO-8601 date/time, or a duration ago (10m, 2h, 7d).") var since: String?

    /// A variant or precision that does not exist is an error, not an empty table.
    func validate() throws {
        try Self.check(variant: variant, precision: precision)
    }

    /// Refuses a `--variant` other than lite0…lite4 and a `--precision` other than fp32 or int8.
    static func check(variant: String?, precision: String?) throws {
        if let variant, Variant(name: variant) == nil {
            throw ValidationError("--variant must be one of \(Variant.allCases.map(\.rawValue).joined(separator: ", ")), got '\(variant)'")
        }
        if let precision, Precision(rawValue: precision) == nil {
            throw ValidationError(
                "--precision must be one of \(Precision.allCases.map(\.rawValue).joined(separator: ", ")), got '\(precision)'")
        }
    }

    /// The `--since` moment, if given.
    func sinceDate(now: Date = Date()) throws -> Date? {
        try since.map { try SinceParser.parse($0, now: now) }
    }

    /// Refuses filters that `subject` does not support.
    func refuse(_ names: [KeyPath<QueryFilters, String?>: String], for subject: String) throws {
        for (keyPath, name) in names.sorted(by: { $0.value < $1.value }) where self[keyPath: keyPath] != nil {
            throw CLIError("--\(name) does not apply to \(subject)")
        }
    }

    /// Whether an artifact's variant and precision pass the filters.
    func matches(variant: String?, precision: String?) -> Bool {
        (self.variant == nil || self.variant == variant) && (self.precision == nil || self.precision == precision)
    }
}
