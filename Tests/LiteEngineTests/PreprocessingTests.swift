import EffFleetTesting
import Foundation
import LiteEngine
import TensorIO
import XCTest

final class PreprocessingTests: XCTestCase {
    func testCropSizeFollowsTensorFlowEvaluation() {
        let preprocessor = ImagePreprocessor(resolution: 224, mean: 127, std: 128)
        XCTAssertEqual(preprocessor.cropSize(height: 256, width: 256), 224)
        XCTAssertEqual(preprocessor.cropSize(height: 300, width: 451), 262)  // ⌊224·300/256⌋
        // ⌊300·512/332⌋
        XCTAssertEqual(ImagePreprocessor(resolution: 300, mean: 127, std: 128).cropSize(height: 512, width: 512), 462)
    }

    func testUnscaledCropIsTheExactCentre() throws {
        // 12×12 image, resolution 8: crop = ⌊8·12/40⌋ = 2… use resolution 4 with a 5×5 image:
        // crop = ⌊4·5/36⌋ = 0 (too small).
        // Resolution 32 on a 64×64 image: crop = ⌊32·64/64⌋ = 32, offset 16, scale 1 → pixels copied.
        let size = 64
        let pixels = (0..<(size * size * 3)).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 5) }
        let preprocessor = ImagePreprocessor(resolution: 32, mean: 127, std: 128)
        let resized = try preprocessor.resizedPixels(pixels, height: size, width: size)
        for y in 0..<32 {
            for x in 0..<32 {
                for c in 0..<3 {
                    XCTAssertEqual(resized[(y * 32 + x) * 3 + c], Float(pixels[((y + 16) * size + x + 16) * 3 + c]))
                }
            }
        }
        let normalized = try preprocessor.input(fromPixels: pixels, height: size, width: size)
        XCTAssertEqual(normalized[0], (resized[0] - 127) / 128)
    }

    func testBilinearHalfPixelDownscale() throws {
        // A 2:1 downscale with half-pixel centres samples exactly between two source pixels.
        // Resolution 32, image 80×80: crop = ⌊32·80/64⌋ = 40? No: crop = 32·80/(32+32) = 40, scale 40/32.
        let preprocessor = ImagePreprocessor(resolution: 32, mean: 0, std: 1)
        let size = 128  // crop = 32·128/64 = 64, offset 32, scale 2
        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        for y in 0..<size {
            for x in 0..<size {
                pixels[(y * size + x) * 3] = UInt8(x % 2 == 0 ? 10 : 21)  // columns alternate 10, 21
                pixels[(y * size + x) * 3 + 1] = UInt8(y)
            }
        }
        let resized = try preprocessor.resizedPixels(pixels, height: size, width: size)
        // src = (dst + 0.5)·2 − 0.5 = 2·dst + 0.5: halfway between columns 2d and 2d+1 → (10 + 21) / 2 = 15.5 → 16.
        XCTAssertEqual(resized[0], 16)
        XCTAssertEqual(resized[(5 * 32 + 7) * 3], 16)
        // Green holds the row index: row 32 + 2·5 + 0.5 = 42.5 → 43 (ties away from zero).
        XCTAssertEqual(resized[(5 * 32 + 7) * 3 + 1], 43)
    }

    func testBadInputsAreRefused() throws {
        let preprocessor = ImagePreprocessor(resolution: 224, mean: 127, std: 128)
        XCTAssertThrowsError(try preprocessor.resizedPixels([1, 2, 3], height: 2, width: 2))
        XCTAssertThrowsError(try preprocessor.resizedPixels([1, 2, 3], height: 1, width: 1), "too small to crop")
        XCTAssertThrowsError(try ModelInput(NPYArray(elementType: .uint8, shape: [4, 4], bytes: Array(repeating: 0, count: 16))))
        XCTAssertThrowsError(try ModelInput(NPYArray(elementType: .uint8, shape: [4, 4, 4], bytes: Array(repeating: 0, count: 64))))
        XCTAssertThrowsError(try ModelInput(NPYArray(shape: [2, 3, 3, 3], floats: Array(repeating: 0, count: 54))))
        XCTAssertThrowsError(try ModelInput(NPYArray(shape: [1, 1, 3], floats: [0, .nan, 0])))
        let tensor = try ModelInput(NPYArray(shape: [1, 8, 8, 3], floats: Array(repeating: 0, count: 192)))
        XCTAssertThrowsError(try tensor.prepared(with: preprocessor), "8×8 tensor for a 224 model")
    }
}

/// The Swift preprocessing equals the NumPy reference's, pixel for pixel, on every photo and
/// at every variant's resolution.
final class PreprocessingMatchesReferenceTests: XCTestCase {
    func testResizedPixelsEqualTheNumPyReference() throws {
        let directory = try Fixtures.temporaryDirectory("preprocess")
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = """
            import sys, numpy as np
            sys.path.insert(0, sys.argv[1])
            import lite_reference as r
            img = np.load(sys.argv[2])
            out = r.preprocess(img, int(sys.argv[3]), 0.0, 1.0)
            np.save(sys.argv[4], out.astype(np.float32))
            """
        let reference = Fixtures.repository.appendingPathComponent("scripts/reference").path
        for photo in ["cat", "coffee", "rocket"] {
            let url = try Fixtures.photo(photo)
            let image = try NPYArray(contentsOf: url.path)
            for resolution in [224, 240, 260, 280, 300] {
                let output = directory.appendingPathComponent("\(photo)-\(resolution).npy").path
                let run = try ProcessRunner.run(
                    command: "python3", ["-c", program, reference, url.path, String(resolution), output], timeout: 120)
                XCTAssertEqual(run.status, 0, run.standardError)
                let expected = try NPYArray(contentsOf: output).floats
                let actual = try ImagePreprocessor(resolution: resolution, mean: 0, std: 1)
                    .resizedPixels(image.bytes, height: image.shape[0], width: image.shape[1])
                let mismatches = zip(actual, expected).filter { $0 != $1 }.count
                XCTAssertEqual(mismatches, 0, "\(photo) at \(resolution): \(mismatches) pixel values differ")
            }
        }
    }
}
