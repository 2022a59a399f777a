import EffFleetTesting
import Foundation
import TorchImport
import XCTest

/// Reads the real EfficientNet-Lite0 checkpoint and compares against values computed
/// independently with `scripts/testdata/torch_reference_values.py` (python3 + numpy + a custom
/// `pickle.Unpickler`, no torch): it reads the storages in key-list order and builds
/// each tensor with `numpy.lib.stride_tricks.as_strided`, then `np.ascontiguousarray`.
/// Element values are float32 printed as float64, so they compare exactly; sums are
/// float64 accumulations (numpy pairwise), compared with a small tolerance.
final class RealCheckpointTests: XCTestCase {
    func testLite0StructureAndShapes() throws {
        let checkpoint = try TorchCheckpoint(contentsOf: try WeightsFixture.lite0())
        XCTAssertEqual(checkpoint.names.count, 296)
        XCTAssertEqual(checkpoint.count, 296)
        XCTAssertEqual(Array(checkpoint.names.prefix(3)), ["_conv_stem.weight", "_bn0.weight", "_bn0.bias"])
        XCTAssertEqual(Array(checkpoint.names.suffix(2)), ["_fc.weight", "_fc.bias"])

        let stem = try XCTUnwrap(checkpoint["_conv_stem.weight"])
        XCTAssertEqual(stem.shape, [32, 3, 3, 3])
        XCTAssertEqual(stem.strides, [1, 32, 288, 96])
        XCTAssertEqual(stem.dtype, .float32)
        XCTAssertEqual(stem.storageOffset, 0)
        XCTAssertFalse(stem.isContiguous)

        let fc = try XCTUnwrap(checkpoint["_fc.weight"])
        XCTAssertEqual(fc.shape, [1000, 1280])
        XCTAssertEqual(fc.strides, [1, 1000])
        XCTAssertEqual(checkpoint["_fc.bias"]?.shape, [1000])
        XCTAssertEqual(checkpoint["_conv_head.weight"]?.strides, [1, 1280, 409_600, 409_600])
        XCTAssertNil(checkpoint["no.such.tensor"])

        // python: Counter(dtypes) == {float32: 247, int64: 49}; 50 non-contiguous tensors.
        XCTAssertEqual(checkpoint.tensors.filter { $0.dtype == .float32 }.count, 247)
        XCTAssertEqual(checkpoint.tensors.filter { $0.dtype == .int64 }.count, 49)
        XCTAssertEqual(checkpoint.tensors.filter { !$0.isContiguous }.count, 50)
        // One storage per tensor in this file.
        XCTAssertEqual(Set(checkpoint.tensors.map(\.storageKey)).count, 296)
    }

    func testLite0ElementValuesMatchPython() throws {
        let checkpoint = try TorchCheckpoint(contentsOf: try WeightsFixture.lite0())

        // python: _conv_stem.weight[5,1,2,0] = 0.06300771236419678
        let stem = try XCTUnwrap(checkpoint["_conv_stem.weight"]).floats()
        XCTAssertEqual(stem.count, 864)
        XCTAssertEqual(stem[((5 * 3 + 1) * 3 + 2) * 3 + 0], Float(0.06300771236419678))
        // python: np.ascontiguousarray(_conv_stem.weight).reshape(-1)[0:6]
        XCTAssertEqual(
            Array(stem.prefix(6)),
            [
                -1.1103360652923584, -1.3087704181671143, -0.010156914591789246,
                0.9208119511604309, 1.2259163856506348, -0.03736136853694916,
            ].map { Float($0) })

        // python: _fc.weight[17,900] = -0.04308810830116272; flat[0:4]
        let fc = try XCTUnwrap(checkpoint["_fc.weight"]).floats()
        XCTAssertEqual(fc.count, 1_280_000)
        XCTAssertEqual(fc[17 * 1280 + 900], Float(-0.04308810830116272))
        XCTAssertEqual(
            Array(fc.prefix(4)),
            [
                -0.04561043530702591, -0.09470871090888977, -0.05684146657586098, 0.06823880970478058,
            ].map { Float($0) })

        // python: _blocks.3._bn1.running_var[7] = 1.2178096771240234
        let runningVar = try XCTUnwrap(checkpoint["_blocks.3._bn1.running_var"]).floats()
        XCTAssertEqual(runningVar.count, 144)
        XCTAssertEqual(runningVar[7], Float(1.2178096771240234))

        // num_batches_tracked: int64 0-d scalars, value 0 in this file.
        let tracked = try XCTUnwrap(checkpoint["_bn0.num_batches_tracked"])
        XCTAssertEqual(tracked.dtype, .int64)
        XCTAssertEqual(tracked.shape, [])
        XCTAssertEqual(tracked.elementCount, 1)
        XCTAssertEqual(try tracked.floats(), [0])
    }

    func testLite0WholeTensorSumsMatchPython() throws {
        let checkpoint = try TorchCheckpoint(contentsOf: try WeightsFixture.lite0())
        // python: (sum, weighted) with weighted = Σ x[i] * (i % 7 + 1) over the C-order
        // flattening, so the weighted sum also checks the element order.
        let expected: [(String, Double, Double)] = [
            ("_conv_stem.weight", -26.811376610887237, -108.16233640880091),
            ("_fc.weight", -470.63256730128705, -1848.465090003945),
            ("_fc.bias", -0.04981697298353538, 3.061945061046572),
            ("_blocks.3._bn1.running_var", 368.67954647541046, 1511.3288593292236),
            ("_conv_head.weight", -21.113805372136994, -161.35395589857944),
        ]
        for (name, sum, weighted) in expected {
            let values = try XCTUnwrap(checkpoint[name], name).floats()
            var plain = 0.0
            var orderSensitive = 0.0
            for (index, value) in values.enumerated() {
                plain += Double(value)
                orderSensitive += Double(value) * Double(index % 7 + 1)
            }
            XCTAssertEqual(plain, sum, accuracy: 1e-9 * max(1, abs(sum)) + 1e-6, name)
            XCTAssertEqual(orderSensitive, weighted, accuracy: 1e-9 * max(1, abs(weighted)) + 1e-6, name)
        }
        // python: np.abs(_fc.weight).sum() = 65336.67289497613
        let fcAbs = try XCTUnwrap(checkpoint["_fc.weight"]).floats().reduce(0.0) { $0 + abs(Double($1)) }
        XCTAssertEqual(fcAbs, 65336.67289497613, accuracy: 1e-4)
    }

    func testLite1AndLite2Parse() throws {
        // python: both have 386 state-dict entries.
        for variant in ["lite1", "lite2"] {
            let url = try Fixtures.torchWeights(variant)
            let checkpoint = try TorchCheckpoint(contentsOf: url)
            XCTAssertEqual(checkpoint.count, 386, variant)
            for tensor in checkpoint.tensors {
                XCTAssertEqual(try tensor.floats().count, tensor.elementCount, tensor.name)
            }
        }
    }

    func testLite0ReadTiming() throws {
        let url = try WeightsFixture.lite0()
        let bytes = try WeightsFixture.lite0Bytes()
        var parseTimes: [Double] = []
        var fileTimes: [Double] = []
        var convertTimes: [Double] = []
        for _ in 0..<5 {
            var start = Date()
            let fromFile = try TorchCheckpoint(contentsOf: url)
            fileTimes.append(Date().timeIntervalSince(start))
            start = Date()
            let checkpoint = try TorchCheckpoint(bytes: bytes)
            parseTimes.append(Date().timeIntervalSince(start))
            start = Date()
            var total = 0
            for tensor in checkpoint.tensors {
                total += try tensor.floats().count
            }
            convertTimes.append(Date().timeIntervalSince(start))
            XCTAssertEqual(total, 4_694_073)  // python: Σ prod(size) over all tensors
            XCTAssertEqual(fromFile.count, checkpoint.count)
        }
        func ms(_ times: [Double]) -> String {
            String(format: "%.2f ms", (times.sorted()[times.count / 2]) * 1000)
        }
        print(
            "TorchImport timing (median of 5): read file + parse \(ms(fileTimes)), parse bytes \(ms(parseTimes)), floats() for all "
                + "tensors \(ms(convertTimes))"
        )
    }
}
