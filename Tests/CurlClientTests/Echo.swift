import CurlClient
import Foundation
import XCTest

/// The body of the test server's `/echo`.
struct Echo: Decodable, Equatable {
    var method: String
    var path: String
    /// Header fields as received, names lowercased.
    var headers: [String: String]
    var body: String
    var bodyLength: Int

    enum CodingKeys: String, CodingKey {
        case method, path, headers, body
        case bodyLength = "body_length"
    }

    /// Decodes an `/echo` response.
    init(_ response: HTTPResponse, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(response.status, 200, file: file, line: line)
        self = try JSONDecoder().decode(Echo.self, from: Data(response.body))
    }
}
