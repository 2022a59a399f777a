import EffCore
import Foundation

/// The names of a classifier's classes, in output order: `Registry/imagenet-classes.tsv` (one class a line,
/// `SYNSET<TAB>names`; see Registry/README.md for its source).
public struct ClassLabels: Sendable {
    /// Each class's names (`tabby, tabby cat`), by class index.
    public let names: [String]

    /// Parses the file's text; every line must name a class, and there must be `count` of them.
    public init(text: String, count: Int = 1000) throws(CLIError) {
        var names: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, !fields[1].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIError("line \(number + 1) is not SYNSET<TAB>NAMES")
            }
            names.append(String(fields[1]))
        }
        guard names.count == count else { throw CLIError("\(names.count.counted("class", plural: "classes")), not \(count)") }
        self.names = names
    }

    /// Reads a labels file.
    public init(contentsOfFile path: String, count: Int = 1000) throws(CLIError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError("cannot read the class labels \(path)")
        }
        do {
            try self.init(text: text, count: count)
        } catch {
            throw CLIError("class labels \(path): \(error.description)")
        }
    }

    /// The names of class `index`, or nil past the end.
    public subscript(index: Int) -> String? {
        names.indices.contains(index) ? names[index] : nil
    }
}
