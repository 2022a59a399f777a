import Foundation
import TensorIO
import XCTest

final class SafeTensorsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ bytes: [UInt8], _ name: String = "t.safetensors") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A file with a hand-written header and `data` after it.
    private func handMade(header: String, data: [UInt8]) throws -> String {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        return try write(bytes + Array(header.utf8) + data)
    }

    func testRoundTripKeepsTensorsMetadataAndAlignment() throws {
        var writer = SafeTensorsWriter(metadata: ["variant": "lite0", "note": "ünïcode"])
        try writer.add("small", dtype: .u8, shape: [3], elements: [UInt8(1), 2, 3])
        try writer.add("weights", shape: [2, 3], floats: [1, -2, 3.5, 0, 1e-7, 6])
        let path = try write(try writer.encoded())
        let file = try SafeTensorsFile(path: path)
        XCTAssertEqual(file.metadata, ["variant": "lite0", "note": "ünïcode"])
        XCTAssertEqual(try file.floats("weights"), [1, -2, 3.5, 0, 1e-7, 6])
        XCTAssertEqual(try file.elements("small", dtype: .u8, as: UInt8.self), [1, 2, 3])
        XCTAssertEqual(file.tensors["weights"]?.shape, [2, 3])
        // Wider elements first, so the float tensor starts at data offset 0 (64-byte aligned).
        XCTAssertEqual(file.names, ["weights", "small"])
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = raw.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        XCTAssertEqual((8 + Int(headerLength)) % 64, 0)
        XCTAssertThrowsError(try file.floats("small"), "dtype is checked")
        XCTAssertThrowsError(try file.floats("missing"))
    }

    func testWriterRefusesMismatchedShapesAndDuplicates() throws {
        var writer = SafeTensorsWriter()
        XCTAssertThrowsError(try writer.add("a", shape: [2, 2], floats: [1, 2, 3]))
        try writer.add("a", shape: [1], floats: [1])
        XCTAssertThrowsError(try writer.add("a", shape: [1], floats: [1]))
    }

    func testHostileFilesAreRefusedWithAMessage() throws {
        let cases: [(String, () throws -> String)] = [
            ("empty", { try self.write([]) }),
            ("short", { try self.write([1, 2, 3]) }),
            ("header longer than file", { try self.write([0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0x7B]) }),
            (
                "huge header length",
                { try self.write([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] + Array(repeating: 0x20, count: 64)) }
            ),
            ("not json", { try self.handMade(header: "{not json", data: []) }),
            ("json array", { try self.handMade(header: "[1,2]", data: []) }),
            (
                "offsets past end",
                { try self.handMade(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0]) }
            ),
            (
                "shape does not match offsets",
                {
                    try self.handMade(
                        header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8))
                }
            ),
            ("unknown dtype", { try self.handMade(header: #"{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}"#, data: [0]) }),
            ("negative dimension", { try self.handMade(header: #"{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#, data: [0]) }),
            (
                "overflowing shape",
                {
                    try self.handMade(
                        header: #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
                }
            ),
            ("reversed offsets", { try self.handMade(header: #"{"a":{"dtype":"U8","shape":[0],"data_offsets":[1,0]}}"#, data: [0]) }),
            ("metadata not strings", { try self.handMade(header: #"{"__metadata__":{"a":1}}"#, data: []) }),
            ("missing fields", { try self.handMade(header: #"{"a":{"dtype":"U8"}}"#, data: []) }),
        ]
        for (name, make) in cases {
            let path = try make()
            XCTAssertThrowsError(try SafeTensorsFile(path: path), name) { error in
                XCTAssertTrue(String(describing: error).hasPrefix("safetensors:"), "\(name): \(error)")
            }
        }
        XCTAssertThrowsError(try SafeTensorsFile(path: directory.appendingPathComponent("absent").path))
        XCTAssertThrowsError(try SafeTensorsFile(path: directory.path), "a directory is not a file")
    }

    func testEveryTruncationOfAValidFileIsRefused() throws {
        var writer = SafeTensorsWriter(metadata: ["k": "v"])
        try writer.add("w", shape: [4, 4], floats: (0..<16).map(Float.init))
        let bytes = try writer.encoded()
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            let path = try write(Array(bytes[0..<cut]), "cut.safetensors")
            XCTAssertThrowsError(try SafeTensorsFile(path: path), "cut at \(cut)")
        }
    }
}
