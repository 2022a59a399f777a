import Foundation

extension NumberText {
    /// A count in SI units with three significant digits: `4.63 M`, `385 M`, `1.20 G`, `950`.
    public static func metric(_ count: Int) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        let value = Double(count)
        guard let (scale, unit) = units.first(where: { abs(value) >= $0.0 * 0.9995 }) else { return String(count) }
        let scaled = value / scale
        let digits = abs(scaled) >= 99.95 ? 0 : abs(scaled) >= 9.995 ? 1 : 2
        return String(format: "%.\(digits)f \(unit)", scaled)
    }

    /// A byte count in binary units with three significant digits: `18.6 MiB`, `512 B`.
    public static func bytes(_ count: Int) -> String {
        let units: [(Double, String)] = [(1_099_511_627_776, "TiB"), (1_073_741_824, "GiB"), (1_048_576, "MiB"), (1024, "KiB")]
        let value = Double(count)
        guard let (scale, unit) = units.first(where: { value >= $0.0 * 0.9995 }) else { return "\(count) B" }
        let scaled = value / scale
        let digits = scaled >= 99.95 ? 0 : scaled >= 9.995 ? 1 : 2
        return String(format: "%.\(digits)f \(unit)", scaled)
    }

    /// A count with thousands separators: `4,631,000`.
    public static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (count < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
