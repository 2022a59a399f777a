import TorchImport
import XCTest

/// Truncated, corrupted and adversarial inputs must throw a TorchFormatError — never trap,
/// hang or allocate according to an unchecked count.
final class HostileInputTests: XCTestCase {
    /// Offset of the state-dict pickle and of the data section in the Lite0 file
    /// (python: pickle.load ×3 → f.tell() == 137; after the key list, f.tell() == 47176).
    private let stateOffset = 137
    private let dataOffset = 47_176

    // MARK: Real file

    func testTruncatedRealFileThrowsAtEveryCut() throws {
        let bytes = try WeightsFixture.lite0Bytes()
        XCTAssertEqual(bytes.count, 18_826_032)
        var cuts = Array(stride(from: 0, to: dataOffset + 200, by: 53))
        cuts += [
            stateOffset - 1, stateOffset, dataOffset - 1, dataOffset, dataOffset + 4, dataOffset + 8,
            dataOffset + 12, 100_000, 1_000_000, 9_999_999, bytes.count - 4, bytes.count - 1,
        ]
        for cut in cuts {
            assertReadFails(Array(bytes[0..<cut]), "cut at \(cut)")
        }
        let tail = assertReadFails(Array(bytes.dropLast())) { if case .truncated = $0 { true } else { false } }
        print("truncated-at-end error: \(tail.map(\.description) ?? "-")")
    }

    func testSpecificCorruptionsOfRealFileThrow() throws {
        let original = try WeightsFixture.lite0Bytes()

        var bytes = original
        bytes[stateOffset] = 0xFF  // PROTO → unknown opcode
        assertReadFails(bytes) { $0 == .unknownOpcode(opcode: 0xFF, offset: 137) }

        // First tensor: `K 32` (size[0] of _conv_stem.weight) at state offset 167 → 33 makes it
        // reach past its 864-element storage.
        bytes = original
        XCTAssertEqual(Array(bytes[stateOffset + 168...stateOffset + 169]), [0x4B, 32])
        bytes[stateOffset + 169] = 33
        assertReadFails(bytes) { if case .invalidTensor(name: "_conv_stem.weight", _) = $0 { true } else { false } }

        // GLOBAL 'collections OrderedDict' → 'collectionz': REDUCE yields a call, SETITEMS fails.
        bytes = original
        XCTAssertEqual(bytes[stateOffset + 13], UInt8(ascii: "s"))
        bytes[stateOffset + 13] = UInt8(ascii: "z")
        assertReadFails(bytes) { if case .malformedPickle = $0 { true } else { false } }

        // Huge / wrong element count in the first data block.
        bytes = original
        bytes.replaceSubrange(dataOffset..<dataOffset + 8, with: littleEndian(Int64.max))
        assertReadFails(bytes) { if case .storageMismatch = $0 { true } else { false } }
        bytes.replaceSubrange(dataOffset..<dataOffset + 8, with: littleEndian(Int64(-1)))
        assertReadFails(bytes) { if case .storageMismatch = $0 { true } else { false } }

        // Zip magic.
        bytes = original
        bytes.replaceSubrange(0..<4, with: [0x50, 0x4B, 0x03, 0x04])
        assertReadFails(bytes) { if case .unsupportedFormat = $0 { true } else { false } }
    }

    func testRandomByteFlipsInRealPickleNeverCrash() throws {
        let original = try WeightsFixture.lite0Bytes()
        var rng = SplitMix64(seed: 7)
        var thrown = 0
        let trials = 120
        for _ in 0..<trials {
            var bytes = original
            let position = Int.random(in: 0..<dataOffset, using: &rng)
            bytes[position] ^= UInt8.random(in: 1...255, using: &rng)
            if readOrConvertAll(bytes) { thrown += 1 }
        }
        // Flips inside names/keys can legitimately still give a valid file.
        print("real-file byte flips: \(thrown)/\(trials) threw, the rest read consistently")
        XCTAssertGreaterThan(thrown, trials / 4)
    }

    // MARK: Crafted file, exhaustive flips and truncations

    private func smallFile() -> LegacyFileBuilder {
        var builder = LegacyFileBuilder()
        builder.storages = [
            .init(key: "w", data: floatBytes((0..<12).map(Float.init))),
            .init(key: "n", className: "LongStorage", elementSize: 8, data: littleEndian(Int64(3))),
        ]
        builder.tensors = [
            .init(name: "conv.weight", storageKey: "w", shape: [2, 3, 2], strides: [1, 4, 2]),
            .init(name: "bn.num_batches_tracked", storageKey: "n", shape: [], strides: []),
            .init(name: "conv.bias", storageKey: "w", storageOffset: 10, shape: [2], strides: [1]),
        ]
        return builder
    }

    func testEveryByteFlipAndTruncationOfSmallFile() throws {
        let bytes = smallFile().build()
        XCTAssertEqual(try TorchCheckpoint(bytes: bytes).count, 3)
        for cut in 0..<bytes.count {
            assertReadFails(Array(bytes[0..<cut]), "cut at \(cut)")
        }
        var thrown = 0
        var total = 0
        for position in bytes.indices {
            for mask: UInt8 in [0x01, 0x10, 0x80, 0xFF] {
                var corrupted = bytes
                corrupted[position] ^= mask
                total += 1
                if readOrConvertAll(corrupted) { thrown += 1 }
            }
        }
        print("small-file byte flips: \(thrown)/\(total) threw, the rest read consistently")
    }

    // MARK: Random input

    func testRandomBytesThrow() {
        var rng = SplitMix64(seed: 2024)
        for trial in 0..<300 {
            let count = Int.random(in: 0...4096, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            assertReadFails(bytes, "random trial \(trial)")
            assertReadFails(LegacyFileBuilder.header + bytes, "header + random trial \(trial)")
        }
    }

    func testRandomOpcodeStreamsNeverCrash() {
        // Random programs over the supported opcode alphabet with plausible operands.
        let simple: [UInt8] = [
            0x28, 0x7D, 0x5D, 0x29, 0x74, 0x85, 0x86, 0x87, 0x4E, 0x88, 0x89,
            0x52, 0x62, 0x73, 0x75, 0x61, 0x65, 0x51, 0x2E,
        ]
        var rng = SplitMix64(seed: 99)
        var thrown = 0
        for _ in 0..<3000 {
            var writer = PickleWriter()
            writer.proto()
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: writer.int(Int.random(in: -5...70000, using: &rng))
                case 1: writer.string(["storage", "cpu", "k", "_x.weight"].randomElement(using: &rng) ?? "")
                case 2:
                    writer.global(
                        ["torch", "collections", "torch._utils"].randomElement(using: &rng) ?? "",
                        ["FloatStorage", "OrderedDict", "_rebuild_tensor_v2"].randomElement(using: &rng) ?? "")
                case 3: writer.binPut(Int.random(in: 0...3, using: &rng))
                case 4: writer.binGet(Int.random(in: 0...3, using: &rng))
                default: writer.raw([simple.randomElement(using: &rng) ?? 0x2E])
                }
            }
            if readOrConvertAll(LegacyFileBuilder.file(withStatePickle: writer.bytes)) { thrown += 1 }
        }
        XCTAssertGreaterThan(thrown, 2900)
    }

    // MARK: Crafted hostile pickles

    private func statePickle(_ body: [UInt8]) -> [UInt8] {
        LegacyFileBuilder.file(withStatePickle: [0x80, 0x02] + body + [0x2E])
    }

    func testResourceLimits() {
        func isLimit(_ error: TorchFormatError) -> Bool {
            if case .limitExceeded = error { true } else { false }
        }
        // 100,000 nested tuples: rejected by the nesting cap, not by a stack overflow.
        assertReadFails(statePickle([0x29] + [UInt8](repeating: 0x85, count: 100_000)), matches: isLimit)
        // 100,000 open MARKs.
        assertReadFails(statePickle([UInt8](repeating: 0x28, count: 100_000)), matches: isLimit)
        // 2,000,000 pushes.
        assertReadFails(statePickle([UInt8](repeating: 0x4E, count: 2_000_000)), matches: isLimit)
        // Memo index 2^32 - 1.
        assertReadFails(statePickle([0x4E, 0x72, 0xFF, 0xFF, 0xFF, 0xFF]), matches: isLimit)
        // LONG4 of 1 MiB.
        assertReadFails(statePickle([0x8B] + littleEndian(Int32(1 << 20)) + [UInt8](repeating: 1, count: 1 << 20)), matches: isLimit)
        // Over 2^22 list elements.
        var flood: [UInt8] = [0x5D]
        flood.reserveCapacity(9_000_000)
        for _ in 0..<((1 << 22) + 1) { flood += [0x4E, 0x61] }
        assertReadFails(statePickle(flood), matches: isLimit)
        // One 1 MiB memoized string used 100 times as a dict key: capped hashing work.
        var rehash: [UInt8] = [0x58] + littleEndian(UInt32(1 << 20)) + [UInt8](repeating: 0x61, count: 1 << 20)
        rehash += [0x71, 0x00, 0x7D]
        for _ in 0..<100 { rehash += [0x68, 0x00, 0x4E, 0x73] }
        assertReadFails(statePickle(rehash), matches: isLimit)
        // GLOBAL line without a newline within 512 bytes.
        assertReadFails(statePickle([0x63] + [UInt8](repeating: 0x61, count: 2000) + [0x0A, 0x61, 0x0A]), matches: isLimit)
    }

    func testMalformedPickles() {
        // Stack underflow, and underflow across a MARK.
        assertReadFails(statePickle([0x85])) { $0 == .stackUnderflow(offset: LegacyFileBuilder.header.count + 2, opcode: "TUPLE1") }
        assertReadFails(statePickle([0x4E, 0x28, 0x85])) { if case .stackUnderflow = $0 { true } else { false } }
        // Missing memo slot.
        assertReadFails(statePickle([0x68, 0x05])) { $0 == .missingMemo(offset: LegacyFileBuilder.header.count + 2, index: 5) }
        // SETITEM on a list, APPEND on a dict.
        assertReadFails(statePickle([0x5D, 0x4E, 0x4E, 0x73])) { if case .malformedPickle = $0 { true } else { false } }
        assertReadFails(statePickle([0x7D, 0x4E, 0x61])) { if case .malformedPickle = $0 { true } else { false } }
        // SETITEMS with an odd item count; TUPLE without MARK; unhashable dict key.
        assertReadFails(statePickle([0x7D, 0x28, 0x4E, 0x75])) { if case .malformedPickle = $0 { true } else { false } }
        assertReadFails(statePickle([0x4E, 0x74])) { if case .malformedPickle = $0 { true } else { false } }
        assertReadFails(statePickle([0x7D, 0x29, 0x4E, 0x73])) { if case .malformedPickle = $0 { true } else { false } }
        // BINUNICODE claiming 4 GiB; invalid UTF-8.
        assertReadFails(statePickle([0x58, 0xFF, 0xFF, 0xFF, 0xFF])) { if case .truncated = $0 { true } else { false } }
        assertReadFails(statePickle([0x58, 0x02, 0x00, 0x00, 0x00, 0xC3, 0x28])) { if case .malformedPickle = $0 { true } else { false } }
        // Negative LONG4 / BINSTRING lengths.
        assertReadFails(statePickle([0x8B, 0xFF, 0xFF, 0xFF, 0xFF])) { if case .malformedPickle = $0 { true } else { false } }
        assertReadFails(statePickle([0x54, 0xFF, 0xFF, 0xFF, 0xFF])) { if case .malformedPickle = $0 { true } else { false } }
        // Opcodes outside the supported subset: FRAME (protocol 4), INST, POP.
        for opcode: UInt8 in [0x95, 0x69, 0x30] {
            assertReadFails(statePickle([opcode])) { $0 == .unknownOpcode(opcode: opcode, offset: LegacyFileBuilder.header.count + 2) }
        }
        // No STOP at all.
        assertReadFails(LegacyFileBuilder.header + [0x80, 0x02, 0x7D]) { if case .truncated = $0 { true } else { false } }
        // Empty input.
        assertReadFails([]) { if case .truncated = $0 { true } else { false } }
    }

    func testHeaderChecks() {
        let header = LegacyFileBuilder.header
        let rest = Array(header[21...]) + LegacyFileBuilder().statePickle() + LegacyFileBuilder().keysAndData()
        // Valid empty state dict reads fine.
        XCTAssertEqual(try TorchCheckpoint(bytes: LegacyFileBuilder().build()).count, 0)
        // Wrong magic number (int 5).
        assertReadFails([0x80, 0x02, 0x4B, 0x05, 0x2E] + Array(header[15...]) + Array(rest)) {
            if case .unsupportedFormat = $0 { true } else { false }
        }
        // Protocol version 1000.
        assertReadFails(Array(header[0..<15]) + [0x80, 0x02, 0x4D, 0xE8, 0x03, 0x2E] + rest) {
            if case .unsupportedFormat = $0 { true } else { false }
        }
        // Big-endian sys info: flip NEWTRUE after 'little_endian' to NEWFALSE.
        var bigEndian = LegacyFileBuilder().build()
        if let index = bigEndian.firstIndex(of: 0x88) {
            bigEndian[index] = 0x89
        }
        assertReadFails(bigEndian) { $0 == .unsupportedFormat(reason: "big-endian checkpoint") }
    }

    func testUnsupportedGlobalsAreNotExecuted() {
        // OrderedDict({'x': os.system('echo pwned')})
        var writer = PickleWriter()
        writer.proto()
        writer.global("collections", "OrderedDict")
        writer.emptyTuple()
        writer.reduce()
        writer.string("x")
        writer.global("os", "system")
        writer.tuple { $0.string("echo pwned") }
        writer.reduce()
        writer.raw([0x73])
        writer.stop()
        assertReadFails(LegacyFileBuilder.file(withStatePickle: writer.bytes)) {
            $0 == .unsupportedGlobal(module: "os", name: "system")
        }
        // Storage class outside torch.*Storage.
        var builder = smallFile()
        builder.storages[0].className = "ComplexFloatStorage"
        assertReadFails(builder.build()) { $0 == .unsupportedGlobal(module: "torch", name: "ComplexFloatStorage") }
    }

    func testHugeAndInconsistentStorageCounts() {
        func isStorage(_ error: TorchFormatError) -> Bool {
            if case .storageMismatch = error { true } else { false }
        }
        // Declared and written count 2^61 floats: byte count overflows, nothing allocated.
        var builder = smallFile()
        builder.storages[0].declaredCount = 1 << 61
        builder.tensors = [.init(name: "t", storageKey: "w", shape: [4], strides: [1])]
        assertReadFails(builder.build(), matches: isStorage)
        // 2^40 floats (4 TiB) declared and written: fails on the remaining-bytes check.
        builder.storages[0].declaredCount = 1 << 40
        assertReadFails(builder.build()) { if case .truncated = $0 { true } else { false } }
        // Written count disagrees with the declaration.
        builder = smallFile()
        builder.storages[0].writtenCount = 11
        assertReadFails(builder.build(), matches: isStorage)
        // Storage used but missing from the key list; listed but unused; listed twice.
        builder = smallFile()
        builder.keyList = ["w"]
        assertReadFails(builder.build(), matches: isStorage)
        builder.keyList = ["w", "n", "extra"]
        assertReadFails(builder.build(), matches: isStorage)
        builder.keyList = ["w", "n", "w"]
        assertReadFails(builder.build(), matches: isStorage)
        // Same key declared with two dtypes.
        builder = smallFile()
        builder.storages.append(.init(key: "w", className: "DoubleStorage", elementSize: 8, data: []))
        builder.tensors[1].storageKey = "w"
        builder.storages[2].declaredCount = 12
        builder.keyList = ["w", "n"]
        assertReadFails(builder.build())
        // Over-long storage key.
        builder = smallFile()
        builder.storages[1].key = String(repeating: "9", count: 300)
        builder.tensors[1].storageKey = builder.storages[1].key
        assertReadFails(builder.build()) { if case .unexpectedObject = $0 { true } else { false } }
        // A view reaching outside its root storage.
        builder = smallFile()
        builder.tensors[0].view = ("v", 8, 8)
        builder.tensors[0].shape = [2]
        builder.tensors[0].strides = [1]
        assertReadFails(builder.build(), matches: isStorage)
    }

    func testTensorGeometryValidation() {
        func isTensor(_ error: TorchFormatError) -> Bool {
            if case .invalidTensor = error { true } else { false }
        }
        func file(shape: [Int], strides: [Int], offset: Int = 0) -> [UInt8] {
            var builder = smallFile()
            builder.storages.removeLast()  // keep only "w"
            builder.tensors = [.init(name: "t", storageKey: "w", storageOffset: offset, shape: shape, strides: strides)]
            return builder.build()
        }
        // Storage "w" has 12 elements.
        XCTAssertNoThrow(try TorchCheckpoint(bytes: file(shape: [3, 4], strides: [4, 1])))
        XCTAssertNoThrow(try TorchCheckpoint(bytes: file(shape: [2, 2], strides: [1, 2], offset: 8)))
        assertReadFails(file(shape: [13], strides: [1]), matches: isTensor)
        assertReadFails(file(shape: [3, 4], strides: [4, 1], offset: 1), matches: isTensor)
        assertReadFails(file(shape: [2, 2], strides: [1, 2], offset: 9), matches: isTensor)
        assertReadFails(file(shape: [2], strides: [1 << 62]), matches: isTensor)
        assertReadFails(file(shape: [3], strides: [1 << 62]), matches: isTensor)  // extent overflows
        assertReadFails(file(shape: [1 << 32, 1 << 32], strides: [0, 0]), matches: isTensor)  // count overflows
        assertReadFails(file(shape: [0], strides: [1], offset: 13), matches: isTensor)
        assertReadFails(file(shape: [2, 2], strides: [1]), matches: isTensor)  // rank mismatch
        // Negative size / stride / offset (BININT -1) are rejected while decoding the call.
        assertReadFails(file(shape: [-1], strides: [1])) { if case .unexpectedObject = $0 { true } else { false } }
        assertReadFails(file(shape: [2], strides: [-1])) { if case .unexpectedObject = $0 { true } else { false } }
        assertReadFails(file(shape: [2], strides: [1], offset: -1)) { if case .unexpectedObject = $0 { true } else { false } }
    }
}
