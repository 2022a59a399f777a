import TorchImport
import XCTest

/// Deterministic SplitMix64 generator so fuzz failures are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Parses `bytes`, expecting a `TorchFormatError` accepted by `matches`; returns the error.
@discardableResult
func assertReadFails(
    _ bytes: [UInt8],
    _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line,
    matches: (TorchFormatError) -> Bool = { _ in true }
) -> TorchFormatError? {
    do {
        let checkpoint = try TorchCheckpoint(bytes: bytes)
        XCTFail("expected an error, read \(checkpoint.count) tensors. \(message())", file: file, line: line)
        return nil
    } catch {
        XCTAssertTrue(matches(error), "unexpected error: \(error). \(message())", file: file, line: line)
        assertOneLine(error, file: file, line: line)
        return error
    }
}

func assertOneLine(_ error: TorchFormatError, file: StaticString = #filePath, line: UInt = #line) {
    let text = error.description
    XCTAssertFalse(text.isEmpty, file: file, line: line)
    XCTAssertFalse(text.contains("\n"), "multi-line description: \(text)", file: file, line: line)
}

/// Reads `bytes`; if that succeeds, converts every tensor (must not crash either).
/// Returns `true` when reading threw.
func readOrConvertAll(_ bytes: [UInt8]) -> Bool {
    do {
        let checkpoint = try TorchCheckpoint(bytes: bytes)
        for tensor in checkpoint.tensors {
            let values = try tensor.floats()
            XCTAssertEqual(values.count, tensor.elementCount)
        }
        return false
    } catch {
        assertOneLine(error)
        return true
    }
}

/// Row-major elements of a strided view computed the naive way (independent of StridedGather).
func naiveGather(_ storage: [Float], shape: [Int], strides: [Int], offset: Int) -> [Float] {
    let count = shape.reduce(1, *)
    var result: [Float] = []
    for linear in 0..<count {
        var remainder = linear
        var position = offset
        for dimension in shape.indices.reversed() {
            position += (remainder % shape[dimension]) * strides[dimension]
            remainder /= shape[dimension]
        }
        result.append(storage[position])
    }
    return result
}
