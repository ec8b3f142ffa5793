/// An aligned text table: columns as wide as their widest cell, the widest column
/// shortened (with "…") until the table fits the width.
final class TextTable {
    let columns: [String]
    private var rows: [[String]] = []

    init(columns: [String]) {
        self.columns = columns
    }

    func add(_ row: [String]) { rows.append(row) }

    func render(width: Int) -> String {
        var widths = columns.indices.map { column in ([columns] + rows).map { $0[column].count }.max() ?? 0 }
        while widths.reduce(0, +) + 2 * (widths.count - 1) > width,
            let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 4
        {
            widths[widest] -= 1
        }
        return ([columns] + rows).map { row in
            zip(row, widths).map { ScheduleTable.fit($0, $1) }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}
