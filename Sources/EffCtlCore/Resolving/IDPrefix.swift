/// Finds what a user means by an id or a unique prefix of one, as git does with commits.
public enum IDPrefix {
    /// How many candidates an ambiguous prefix's error names before it says how many more there are.
    static let namedCandidates = 5

    /// The one of `items` whose id is `text`, or else the one whose id starts with it.
    ///
    /// - Parameters:
    ///   - kind: what the items are, for the errors (`deployment`).
    ///   - listing: the command that lists them (`effctl query deployments`).
    /// - Throws: ``CLIError`` in one line: none matches (not found), or several do (they are listed).
    public static func match<Item>(
        _ text: String, in items: [Item], id: (Item) -> String, kind: String, listing: String
    ) throws(CLIError) -> Item {
        if let exact = items.first(where: { id($0) == text }) { return exact }
        let matches = text.isEmpty ? [] : items.filter { id($0).hasPrefix(text) }
        guard let first = matches.first else { throw CLIError("no \(kind) '\(text)': see \(listing)") }
        guard matches.count == 1 else { throw ambiguity(text, ids: matches.map(id), kind: kind) }
        return first
    }

    /// `'ab' is the start of 3 deployment ids: ab12…, ab34…, ab56… (give more of it)`.
    static func ambiguity(_ text: String, ids: [String], kind: String) -> CLIError {
        // Each candidate as long as it takes to tell it from the others, and a little more.
        let sorted = ids.sorted()
        let length = min(max(text.count + 4, distinguishingLength(sorted)), sorted.map(\.count).max() ?? 0)
        var named = sorted.prefix(namedCandidates).map { $0.count > length ? "\($0.prefix(length))…" : $0 }
        if sorted.count > namedCandidates { named.append("and \(sorted.count - namedCandidates) more") }
        return CLIError("'\(text)' is the start of \(sorted.count) \(kind) ids: \(named.joined(separator: ", ")) (give more of it)")
    }

    /// The shortest length at which neighbours in `sorted` differ.
    private static func distinguishingLength(_ sorted: [String]) -> Int {
        zip(sorted, sorted.dropFirst()).map { pair in
            zip(pair.0, pair.1).prefix(while: { $0 == $1 }).count + 1
        }.max() ?? 1
    }
}
