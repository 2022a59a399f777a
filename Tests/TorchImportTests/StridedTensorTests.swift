import TorchImport
import XCTest

/// Strided views, storage offsets, shared storages and dtype conversion on crafted files.
final class StridedTensorTests: XCTestCase {
    private func checkpoint(_ builder: LegacyFileBuilder) throws -> TorchCheckpoint {
        try TorchCheckpoint(bytes: builder.build())
    }

    func testTransposedMatrixGivesLogicalOrder() throws {
        var builder = LegacyFileBuilder()
        builder.storages = [.init(key: "s", data: floatBytes([0, 1, 2, 3, 4, 5]))]
        // Like _fc.weight: shape (2, 3) stored column-major, stride (1, 2).
        builder.tensors = [.init(name: "t", storageKey: "s", shape: [2, 3], strides: [1, 2])]
        let tensor = try XCTUnwrap(try checkpoint(builder)["t"])
        XCTAssertFalse(tensor.isContiguous)
        XCTAssertEqual(try tensor.floats(), [0, 2, 4, 1, 3, 5])
    }

    func testConvStemLikePermutationAndStorageOffset() throws {
        let storage = (0..<60).map { Float($0) * 1.5 - 7 }
        var builder = LegacyFileBuilder()
        builder.storages = [.init(key: "s", data: floatBytes(storage))]
        // Same stride pattern as _conv_stem.weight (1, C_out, ...), plus an offset.
        builder.tensors = [.init(name: "t", storageKey: "s", storageOffset: 3, shape: [4, 3, 2, 2], strides: [1, 4, 24, 12])]
        let tensor = try XCTUnwrap(try checkpoint(builder)["t"])
        XCTAssertEqual(tensor.storageOffset, 3)
        XCTAssertEqual(
            try tensor.floats(),
            naiveGather(storage, shape: [4, 3, 2, 2], strides: [1, 4, 24, 12], offset: 3))
        // Element [1, 2, 1, 0] = storage[3 + 1 + 8 + 24] by hand.
        XCTAssertEqual(try tensor.floats()[((1 * 3 + 2) * 2 + 1) * 2 + 0], storage[36])
    }

    func testRandomGeometriesMatchNaiveGather() throws {
        var rng = SplitMix64(seed: 42)
        let storage = (0..<512).map { Float($0) }
        for trial in 0..<300 {
            let rank = Int.random(in: 0...4, using: &rng)
            let shape = (0..<rank).map { _ in Int.random(in: 0...4, using: &rng) }
            var strides = (0..<rank).map { _ in Int.random(in: 0...12, using: &rng) }
            if Bool.random(using: &rng) {  // sometimes exactly contiguous
                var expected = 1
                for dimension in (0..<rank).reversed() {
                    strides[dimension] = expected
                    expected *= max(shape[dimension], 1)
                }
            }
            let extent = zip(shape, strides).reduce(0) { $0 + max($1.0 - 1, 0) * $1.1 }
            let offset = Int.random(in: 0...(511 - extent), using: &rng)
            var builder = LegacyFileBuilder()
            builder.storages = [.init(key: "s", data: floatBytes(storage))]
            builder.tensors = [.init(name: "t", storageKey: "s", storageOffset: offset, shape: shape, strides: strides)]
            let tensor = try XCTUnwrap(try checkpoint(builder)["t"])
            XCTAssertEqual(
                try tensor.floats(), naiveGather(storage, shape: shape, strides: strides, offset: offset),
                "trial \(trial) shape \(shape) strides \(strides) offset \(offset)")
        }
    }

    func testEmptyScalarAndSizeOneDimensions() throws {
        var builder = LegacyFileBuilder()
        builder.storages = [.init(key: "s", data: floatBytes([9, 8, 7]))]
        builder.tensors = [
            .init(name: "empty", storageKey: "s", shape: [0, 3], strides: [3, 1]),
            .init(name: "scalar", storageKey: "s", storageOffset: 2, shape: [], strides: []),
            .init(name: "ones", storageKey: "s", storageOffset: 1, shape: [1, 2, 1], strides: [99, 1, 1000]),
        ]
        let loaded = try checkpoint(builder)
        XCTAssertEqual(loaded.names, ["empty", "scalar", "ones"])
        XCTAssertEqual(try loaded["empty"]?.floats(), [])
        XCTAssertEqual(try loaded["scalar"]?.floats(), [7])
        XCTAssertEqual(try loaded["ones"]?.floats(), [8, 7])
        XCTAssertEqual(loaded["ones"]?.isContiguous, true)
    }

    func testSharedStorageAndLegacyViews() throws {
        var builder = LegacyFileBuilder()
        builder.storages = [.init(key: "root", data: floatBytes((0..<10).map(Float.init)))]
        builder.tensors = [
            .init(name: "a", storageKey: "root", shape: [10], strides: [1]),
            .init(name: "b", storageKey: "root", storageOffset: 4, shape: [2, 2], strides: [2, 1]),
            .init(name: "v", storageKey: "root", storageOffset: 1, shape: [3], strides: [1], view: ("view1", 5, 4)),
        ]
        let loaded = try checkpoint(builder)
        XCTAssertEqual(loaded["a"]?.storageKey, loaded["b"]?.storageKey)
        XCTAssertEqual(try loaded["b"]?.floats(), [4, 5, 6, 7])
        // View = root[5..<9]; tensor offset 1 inside the view.
        XCTAssertEqual(loaded["v"]?.storageKey, "view1")
        XCTAssertEqual(try loaded["v"]?.floats(), [6, 7, 8])
    }

    func testDTypeConversions() throws {
        var builder = LegacyFileBuilder()
        let doubles: [Double] = [1.5, -2.25, 1e-3]
        let halves: [UInt16] = [0x3C00, 0xC000, 0x0001, 0x7C00, 0x8000, 0x3555]  // 1, -2, 2^-24, inf, -0, ~0.333
        builder.storages = [
            .init(key: "f64", className: "DoubleStorage", elementSize: 8, data: doubles.flatMap { littleEndian($0.bitPattern) }),
            .init(key: "f16", className: "HalfStorage", elementSize: 2, data: halves.flatMap { littleEndian($0) }),
            .init(key: "bf16", className: "BFloat16Storage", elementSize: 2, data: [UInt16(0x3FC0), 0xC120].flatMap { littleEndian($0) }),
            .init(key: "i64", className: "LongStorage", elementSize: 8, data: [Int64(-3), 1 << 40].flatMap { littleEndian($0) }),
            .init(key: "i32", className: "IntStorage", elementSize: 4, data: [Int32(-70000), 5].flatMap { littleEndian($0) }),
            .init(key: "i16", className: "ShortStorage", elementSize: 2, data: [Int16(-300), 300].flatMap { littleEndian($0) }),
            .init(key: "i8", className: "CharStorage", elementSize: 1, data: [0xFF, 0x7F]),
            .init(key: "u8", className: "ByteStorage", elementSize: 1, data: [0xFF, 0x01]),
            .init(key: "b", className: "BoolStorage", elementSize: 1, data: [0, 1, 2]),
        ]
        builder.tensors = builder.storages.map { storage in
            .init(name: storage.key, storageKey: storage.key, shape: [storage.data.count / storage.elementSize], strides: [1])
        }
        let loaded = try checkpoint(builder)
        XCTAssertEqual(loaded["f64"]?.dtype, .float64)
        XCTAssertEqual(try loaded["f64"]?.floats(), doubles.map { Float($0) })
        let half = try XCTUnwrap(loaded["f16"]).floats()
        XCTAssertEqual(Array(half[0..<4]), [1, -2, 0x1p-24, .infinity])
        XCTAssertEqual(half[4], 0)
        XCTAssertEqual(half[4].sign, .minus)
        XCTAssertEqual(half[5], 0.333251953125)
        XCTAssertEqual(try loaded["bf16"]?.floats(), [1.5, -10])
        XCTAssertEqual(loaded["i64"]?.dtype, .int64)
        XCTAssertEqual(try loaded["i64"]?.floats(), [-3, 1_099_511_627_776])
        XCTAssertEqual(try loaded["i32"]?.floats(), [-70000, 5])
        XCTAssertEqual(try loaded["i16"]?.floats(), [-300, 300])
        XCTAssertEqual(try loaded["i8"]?.floats(), [-1, 127])
        XCTAssertEqual(try loaded["u8"]?.floats(), [255, 1])
        XCTAssertEqual(loaded["b"]?.dtype, .bool)
        XCTAssertEqual(try loaded["b"]?.floats(), [0, 1, 1])
    }

    func testUnalignedStorageData() throws {
        // A 1-byte storage first shifts every following block off 4-byte alignment.
        var builder = LegacyFileBuilder()
        builder.storages = [
            .init(key: "pad", className: "ByteStorage", elementSize: 1, data: [7]),
            .init(key: "s", data: floatBytes([1, 2, 3, 4])),
        ]
        builder.tensors = [
            .init(name: "pad", storageKey: "pad", shape: [1], strides: [1]),
            .init(name: "t", storageKey: "s", shape: [2, 2], strides: [1, 2]),
        ]
        XCTAssertEqual(try checkpoint(builder)["t"]?.floats(), [1, 3, 2, 4])
    }
}
