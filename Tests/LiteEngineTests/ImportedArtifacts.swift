import EffCore
import EffFleetTesting
import Foundation
import LiteArtifact
import LiteEngine
import TorchImport

/// Real Lite0–2 artifacts imported once per test process from the fetched `.pth` files.
enum ImportedArtifacts {
    private static let directory: URL? = try? Fixtures.temporaryDirectory("imported")
    nonisolated(unsafe) private static var cache: [Variant: String] = [:]
    private static let lock = NSLock()

    /// The path of the imported artifact for `variant` (lite0…lite2).
    static func path(_ variant: Variant) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let path = cache[variant] { return path }
        guard let directory else { throw Fixtures.Missing(description: "cannot create a temporary directory") }
        let weights = try Fixtures.torchWeights(variant.rawValue)
        let checkpoint = try TorchCheckpoint(contentsOf: weights)
        let builder = try TorchStateDictImporter(variant: variant)
            .makeBuilder(checkpoint: checkpoint, source: "test:\(weights.lastPathComponent)", sha256: nil)
        let path = directory.appendingPathComponent("\(variant.rawValue).safetensors").path
        try builder.write(to: path)
        cache[variant] = path
        return path
    }

    nonisolated(unsafe) private static var quantizedCache: [String: String] = [:]

    /// An INT8 artifact quantized from `source` on the first `images` calibration photos.
    static func quantized(_ source: String, images: Int? = nil) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        let key = "\(source)#\(images ?? 0)"
        if let path = quantizedCache[key] { return path }
        guard let directory else { throw Fixtures.Missing(description: "cannot create a temporary directory") }
        let artifact = try Artifact(path: source)
        let calibration = Fixtures.cache.appendingPathComponent("photos/calibration").path
        let (ranges, set) = try Calibrator.calibrate(artifact: artifact, photos: try Calibrator.photos(in: calibration, limit: images))
        let path = directory.appendingPathComponent(
            "\(URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent)-int8-\(images ?? 0).safetensors"
        ).path
        try Int8ArtifactBuilder(source: artifact, ranges: ranges, calibration: set).write(to: path)
        quantizedCache[key] = path
        return path
    }

    /// A synthetic artifact for `variant`.
    static func synthetic(_ variant: Variant, seed: UInt64 = 11) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        guard let directory else { throw Fixtures.Missing(description: "cannot create a temporary directory") }
        let path = directory.appendingPathComponent("\(variant.rawValue)-synthetic-\(seed).safetensors").path
        if !FileManager.default.fileExists(atPath: path) {
            try SyntheticWeights.builder(variant: variant, seed: seed).write(to: path)
        }
        return path
    }
}

/// Largest absolute difference divided by the largest magnitude of `reference`.
func relativeDifference(_ values: [Float], _ reference: [Float]) -> Double {
    precondition(values.count == reference.count)
    let scale = Double(reference.map { abs($0) }.max() ?? 0)
    let worst = zip(values, reference).map { Double(abs($0 - $1)) }.max() ?? 0
    return scale > 0 ? worst / scale : worst
}
