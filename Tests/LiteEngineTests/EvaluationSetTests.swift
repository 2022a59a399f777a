import Crypto
import EffFleetTesting
import Foundation
import LiteEngine
import XCTest

/// The held-out evaluation set for INT8 agreement: deterministic, large, and disjoint from calibration.
final class EvaluationSetTests: XCTestCase {
    static var heldout: String { Fixtures.cache.appendingPathComponent("photos/heldout").path }
    static var calibration: String { Fixtures.cache.appendingPathComponent("photos/calibration").path }

    private func heldoutSet() throws -> EvaluationSet {
        guard FileManager.default.fileExists(atPath: Self.heldout) else {
            throw Fixtures.Missing(description: "no \(Self.heldout): run scripts/fetch-photos")
        }
        return try EvaluationSet(directory: Self.heldout)
    }

    func testTheSetIsDeterministicAndItsInputsDistinct() throws {
        let count = 600
        let started = Date()
        let first = try heldoutSet()
        let second = try heldoutSet()
        XCTAssertGreaterThanOrEqual(first.sources.count, 10, "skimage, sklearn and matplotlib photos")
        var hashes = Set<String>()
        var a = EvaluationSet.InputDigest()
        var b = EvaluationSet.InputDigest()
        for index in 0..<count {
            let (x, y) = (first.input(index), second.input(index))
            guard case .photo(let pixels, let height, let width) = x, case .photo(let again, let height2, let width2) = y else {
                return XCTFail("input \(index) is not a photo")
            }
            XCTAssertEqual(pixels, again, "input \(index) differs between two builds")
            XCTAssertEqual([height, width], [height2, width2])
            XCTAssertGreaterThanOrEqual(min(height, width), 150, "input \(index) is \(height)×\(width)")
            hashes.insert(SHA256.hash(data: pixels).description)
            a.add(name: first.name(index), input: x)
            b.add(name: second.name(index), input: y)
        }
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(hashes.count, count, "every derived input differs from every other")
        XCTAssertEqual(a.hex, b.hex)
        XCTAssertEqual(first.inputsSHA256(count: count), a.hex)
        XCTAssertEqual(first.sourcesSHA256, second.sourcesSHA256)
        print(
            "evaluation set: \(count) inputs from \(first.sources.count) photos in \(String(format: "%.2f", seconds)) s (built twice), "
                + "inputs sha256 \(a.hex)"
        )
    }

    /// No source photo is in both sets: by the manifest's sources (a stereo pair counts as one
    /// scene), by file name, and by pixels (also mirrored).
    func testTheSetIsDisjointFromCalibration() throws {
        let manifestURL = Fixtures.cache.appendingPathComponent("photos/manifest.json")
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: [String: Any]])
        func scenes(_ subset: String) -> Set<String> {
            Set(
                manifest.filter { $0.key.hasPrefix(subset + "/") }.compactMap {
                    ($0.value["source"] as? String)?.split(separator: ":").first.map(String.init)
                })
        }
        let held = scenes("heldout")
        let calibration = scenes("calibration")
        XCTAssertGreaterThanOrEqual(held.count, 10)
        XCTAssertGreaterThanOrEqual(calibration.count, 8)
        XCTAssertTrue(held.isDisjoint(with: calibration), "shared sources: \(held.intersection(calibration))")

        let set = try heldoutSet()
        let photos = try Calibrator.photos(in: Self.calibration, limit: nil)
        XCTAssertTrue(Set(set.sources.map(\.name)).isDisjoint(with: photos.map(\.lastPathComponent)))
        XCTAssertNoThrow(try set.checkDisjoint(fromCalibration: photos))

        // A calibration photo renamed, or mirrored, into the evaluation sources is refused.
        let directory = try Fixtures.temporaryDirectory("overlap")
        defer { try? FileManager.default.removeItem(at: directory) }
        let astronaut = try XCTUnwrap(photos.first { $0.lastPathComponent == "astronaut.npy" })
        guard case .photo(let pixels, let height, let width) = try ModelInput(contentsOf: astronaut.path) else { return XCTFail() }
        var mirrored = pixels
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 { mirrored[(y * width + x) * 3 + c] = pixels[(y * width + width - 1 - x) * 3 + c] }
            }
        }
        let overlapping = try EvaluationSet(
            sources: set.sources + [EvaluationSet.Source(name: "holiday.npy", pixels: mirrored, height: height, width: width)])
        XCTAssertThrowsError(try overlapping.checkDisjoint(fromCalibration: photos)) { error in
            XCTAssertTrue("\(error)".contains("astronaut.npy"), "\(error)")
        }
    }
}
