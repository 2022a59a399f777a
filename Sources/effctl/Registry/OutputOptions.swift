import ArgumentParser
import EffCtlCore

/// How a listing is printed.
enum OutputFormat {
    case table, csv, json
}

/// `--json` or `--csv`; a table otherwise.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV (a header line, then one line per row).") var csv = false

    func validate() throws {
        if json && csv {
            throw ValidationError("pass either --json or --csv, not both")
        }
    }

    var format: OutputFormat {
        json ? .json : csv ? .csv : .table
    }

    /// Prints `table` as the format asks, or `value` as JSON.
    func print<Value: Encodable>(_ table: Table, json value: Value) throws {
        switch format {
        case .table: Swift.print(table.rendered(), terminator: "")
        case .csv: Swift.print(CSV.render(table), terminator: "")
        case .json: try JSONOutput.print(value)
        }
    }
}
