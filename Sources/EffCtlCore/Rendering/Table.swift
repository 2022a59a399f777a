/// A plain-text table: a header line and rows of cells in aligned columns.
public struct Table: Sendable, Equatable {
    /// How a column's cells line up.
    public enum Alignment: Sendable, Equatable {
        case left, right
    }

    /// A column's title and alignment.
    public struct Column: Sendable, Equatable {
        public var title: String
        public var alignment: Alignment

        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]]

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Adds a row; missing cells are blank and extra ones are dropped.
    public mutating func append(_ row: [String]) {
        var cells = Array(row.prefix(columns.count))
        cells += Array(repeating: "", count: columns.count - cells.count)
        rows.append(cells)
    }

    /// The table as lines ending in a newline: titles, then rows, columns two spaces apart, no
    /// trailing blanks. An empty table is its title line only.
    public func rendered() -> String {
        let widths = columns.indices.map { index in
            rows.reduce(columns[index].title.count) { max($0, $1[index].count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let width = widths[index]
                let padding = String(repeating: " ", count: max(0, width - cell.count))
                let isLast = index == cells.count - 1
                switch columns[index].alignment {
                case .left: text += isLast ? cell : cell + padding
                case .right: text += padding + cell
                }
                if !isLast {
                    text += "  "
                }
            }
            while text.last == " " {
                text.removeLast()
            }
            return text + "\n"
        }
        return line(columns.map(\.title)) + rows.map(line).joined()
    }
}
