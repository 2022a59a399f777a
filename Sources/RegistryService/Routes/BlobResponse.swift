import Foundation
import Hummingbird

/// A blob download, whole or one byte range, as agents resume interrupted downloads with
/// `Range: bytes=a-b` (also `a-` and `-n`). Range handling follows RFC 9110 §14.
enum BlobResponse {
    static func make(path: String, size: Int, rangeHeader: String?, context: some RequestContext) async throws -> Response {
        let fileIO = FileIO()
        switch ByteRangeRequest(rangeHeader, size: size) {
        case .whole:
            let body = try await fileIO.loadFile(path: path, context: context)
            return Response(status: .ok, headers: [.contentLength: String(size), .acceptRanges: "bytes"], body: body)
        case .unsatisfiable:
            return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(size)"])
        case .part(let range):
            let body = try await fileIO.loadFile(path: path, range: range, context: context)
            return Response(
                status: .partialContent,
                headers: [
                    .contentLength: String(range.count), .acceptRanges: "bytes",
                    .contentRange: "bytes \(range.lowerBound)-\(range.upperBound)/\(size)",
                ],
                body: body)
        }
    }
}
