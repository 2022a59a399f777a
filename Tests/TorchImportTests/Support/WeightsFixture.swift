import EffFleetTesting
import Foundation
import XCTest

/// The real EfficientNet-Lite `.pth` files fetched by `scripts/fetch-weights`.
enum WeightsFixture {
    /// The Lite0 checkpoint; fails the test (does not skip) when it is missing.
    static func lite0() throws -> URL {
        do {
            return try Fixtures.torchWeights("lite0")
        } catch {
            XCTFail("\(error)")
            throw error
        }
    }

    /// The Lite0 checkpoint bytes.
    static func lite0Bytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: try lite0()))
    }
}
