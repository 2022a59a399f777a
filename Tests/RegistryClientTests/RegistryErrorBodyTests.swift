import RegistryClient
import XCTest

final class RegistryErrorBodyTests: XCTestCase {
    func testReadsTheRegistryMessage() {
        let body = Array(#"{"error":{"message":"no fleet 'x'"}}"#.utf8)
        XCTAssertEqual(RegistryErrorBody.message(from: body), "no fleet 'x'")
    }

    func testMessageWithLineBreaksBecomesOneLine() {
        let body = Array(#"{"error":{"message":"first\nsecond  "}}"#.utf8)
        XCTAssertEqual(RegistryErrorBody.message(from: body), "first second")
    }

    func testOtherBodiesGiveTheirFirstCharactersOnOneLine() {
        XCTAssertEqual(RegistryErrorBody.message(from: Array("Bad Gateway\n<html>".utf8)), "Bad Gateway <html>")
        XCTAssertEqual(RegistryErrorBody.message(from: Array(#"{"error":{}}"#.utf8)), #"{"error":{}}"#)
        XCTAssertEqual(RegistryErrorBody.message(from: []), "")
        XCTAssertEqual(RegistryErrorBody.message(from: Array(String(repeating: "x", count: 500).utf8)).count, 200)
    }

    func testStatusErrorReadsAsOneLine() {
        let error = RegistryClientError.status(code: 404, message: "no fleet 'x'", method: "GET", url: "http://h/v1/x")
        XCTAssertEqual(error.description, "registry answered 404: no fleet 'x'")
        XCTAssertEqual(error.statusCode, 404)
        XCTAssertEqual(RegistryClientError.status(code: 500, message: "", method: "GET", url: "u").description, "registry answered 500")
        XCTAssertNil(RegistryClientError.cancelled.statusCode)
        let unreachable = RegistryClientError.unreachable(url: "http://127.0.0.1:1/healthz", reason: "connection failed")
        XCTAssertEqual(unreachable.description, "could not reach the registry at http://127.0.0.1:1/healthz: connection failed")
    }
}
