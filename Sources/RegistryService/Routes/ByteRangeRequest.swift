import Foundation

/// What a `Range` header asks of a blob of some size, read as RFC 9110 §14 says.
public enum ByteRangeRequest: Equatable, Sendable {
    /// No header, or one to ignore: another unit, several ranges (no multipart answers here), or
    /// a ranges-specifier that does not parse. Answered 200 with the whole blob.
    case whole
    /// One satisfiable range, its last position clamped to the size. Answered 206.
    case part(ClosedRange<Int>)
    /// A valid range that starts past the end (or a suffix of 0 bytes). Answered 416.
    case unsatisfiable

    /// Reads `header` against a blob of `size` bytes.
    public init(_ header: String?, size: Int) {
        self = Self.read(header, size: size)
    }

    private static func read(_ header: String?, size: Int) -> Self {
        guard let header else { return .whole }
        let parts = header.split(separator: "=", maxSplits: 1)
        // Units are case-insensitive; a unit other than bytes is ignored, and so are several ranges.
        guard parts.count == 2, parts[0].lowercased() == "bytes", !parts[1].contains(",") else { return .whole }
        let bounds = parts[1].trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, bounds.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }) else { return .whole }
        if bounds[0].isEmpty {
            // suffix-range: the last n bytes.
            guard let suffix = Int(bounds[1]) else { return .whole }
            return suffix > 0 && size > 0 ? .part(max(size - suffix, 0)...(size - 1)) : .unsatisfiable
        }
        guard let first = Int(bounds[0]) else { return .whole }
        let last = bounds[1].isEmpty ? Int.max : (Int(bounds[1]) ?? Int.max)  // more digits than an Int: to the end
        guard last >= first else { return .whole }  // an invalid range-spec is ignored
        guard first < size else { return .unsatisfiable }
        return .part(first...min(last, size - 1))
    }
}
