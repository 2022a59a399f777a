import Hummingbird

/// A blob download, whole or one `Range: bytes=a-b` (also `a-` and `-n`), as agents resume
/// interrupted downloads with it.
enum BlobResponse {
    static func make(path: String, size: Int, rangeHeader: String?, context: some RequestContext) async throws -> Response {
        let fileIO = FileIO()
        guard let rangeHeader else {
            let body = try await fileIO.loadFile(path: path, context: context)
            return Response(status: .ok, headers: [.contentLength: String(size), .acceptRanges: "bytes"], body: body)
        }
        guard let range = parse(rangeHeader, size: size) else {
            return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(size)"])
        }
        let body = try await fileIO.loadFile(path: path, range: range, context: context)
        return Response(
            status: .partialContent,
            headers: [
                .contentLength: String(range.count), .acceptRanges: "bytes",
                .contentRange: "bytes \(range.lowerBound)-\(range.upperBound)/\(size)",
            ],
            body: body)
    }

    /// The byte range a single-range header asks for, or nil when it cannot be satisfied.
    static func parse(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(","), size > 0 else { return nil }
        let spec = header.dropFirst("bytes=".count).split(separator: "-", omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        if spec[0].isEmpty {
            guard let suffix = Int(spec[1]), suffix > 0 else { return nil }
            return max(size - suffix, 0)...(size - 1)
        }
        guard let start = Int(spec[0]), start >= 0, start < size else { return nil }
        let end = spec[1].isEmpty ? size - 1 : min(Int(spec[1]) ?? -1, size - 1)
        return end >= start ? start...end : nil
    }
}
