/// Which command a mistyped word meant: `lst` → `list`.
public enum CommandSuggestion {
    /// The one of `names` closest to `word`: the only one it starts, or else the only one within two
    /// edits (fewest edits wins); nil when nothing is that close or two are equally close.
    public static func closest(to word: String, among names: [String]) -> String? {
        let started = names.filter { !word.isEmpty && $0.hasPrefix(word) }
        if started.count == 1 { return started[0] }
        let distances = names.map { (name: $0, distance: editDistance(word, $0)) }.filter { $0.distance <= 2 }
        guard let best = distances.map(\.distance).min() else { return nil }
        let closest = distances.filter { $0.distance == best }
        return closest.count == 1 ? closest[0].name : nil
    }

    /// Levenshtein distance, with a swap of neighbours counted as one edit (`lsit` → `list`).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
