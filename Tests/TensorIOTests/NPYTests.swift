import Foundation
import TensorIO
import XCTest

final class NPYTests: XCTestCase {
    func testFloatRoundTrip() throws {
        let array = NPYArray(shape: [1, 2, 2, 3], floats: (0..<12).map { Float($0) / 3 })
        let decoded = try NPYArray(decoding: array.encoded())
        XCTAssertEqual(decoded.shape, [1, 2, 2, 3])
        XCTAssertEqual(decoded.elementType, .float32)
        XCTAssertEqual(decoded.floats, array.floats)
        XCTAssertEqual(array.encoded().count % 64, 12 * 4 % 64, "header padded to 64 bytes")
    }

    func testReadsNumPyWrittenUInt8Header() throws {
        // The exact header numpy 2 writes for np.zeros((2, 3, 3), np.uint8).
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 3), }"
        header += String(repeating: " ", count: 128 - 10 - header.utf8.count - 1) + "\n"
        let bytes: [UInt8] =
            [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8) + Array(repeating: 7, count: 18)
        let array = try NPYArray(decoding: bytes)
        XCTAssertEqual(array.elementType, .uint8)
        XCTAssertEqual(array.shape, [2, 3, 3])
        XCTAssertEqual(array.bytes, Array(repeating: 7, count: 18))
    }

    func testBadFilesAreRefused() throws {
        let good = NPYArray(shape: [2, 2], floats: [1, 2, 3, 4]).encoded()
        XCTAssertThrowsError(try NPYArray(decoding: []))
        XCTAssertThrowsError(try NPYArray(decoding: Array("not numpy at all".utf8)))
        XCTAssertThrowsError(try NPYArray(decoding: Array(good.dropLast())), "truncated data")
        XCTAssertThrowsError(try NPYArray(decoding: good + [0]), "trailing data")
        for cut in stride(from: 0, to: 64, by: 5) {
            XCTAssertThrowsError(try NPYArray(decoding: Array(good[0..<cut])), "cut at \(cut)")
        }
        func withHeader(_ text: String) -> [UInt8] {
            [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.utf8.count), 0] + Array(text.utf8)
        }
        XCTAssertThrowsError(
            try NPYArray(decoding: withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }") + Array(repeating: 0, count: 8)))
        XCTAssertThrowsError(
            try NPYArray(decoding: withHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }") + Array(repeating: 0, count: 4)))
        XCTAssertThrowsError(
            try NPYArray(decoding: withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }")))
        XCTAssertThrowsError(try NPYArray(decoding: withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }")))
    }
}
