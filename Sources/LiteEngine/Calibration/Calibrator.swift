import Crypto
import EffCore
import Foundation
import LiteArtifact
import TensorIO

/// Collects activation ranges for INT8 quantization by running the FP32 reference backend over
/// calibration photos.
public enum Calibrator {
    /// The photos in `directory` used for calibration: `*.npy`, sorted by name, at most `limit`.
    public static func photos(in directory: String, limit: Int?) throws(EngineError) -> [URL] {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw EngineError("\(directory): cannot list calibration photos")
        }
        let photos = names.filter { $0.hasSuffix(".npy") }.sorted().prefix(limit ?? Int.max).map { url.appendingPathComponent($0) }
        guard !photos.isEmpty else { throw EngineError("\(directory): no .npy calibration photos") }
        return photos
    }

    /// Ranges of every activation of `artifact` (FP32) over `photos`, plus a description of the set.
    public static func calibrate(artifact: Artifact, photos: [URL]) throws(EngineError) -> (ActivationRanges, QuantizationSpec.Calibration)
    {
        let backend = try ReferenceBackend(artifact: artifact)
        let metadata = artifact.metadata
        let preprocessor = ImagePreprocessor(resolution: metadata.resolution, mean: metadata.inputMean, std: metadata.inputStd)
        var ranges = ActivationRanges()
        var hasher = SHA256()
        for photo in photos {
            let bytes: [UInt8]
            let input: ModelInput
            do {
                bytes = try FileBytes.read(photo.path)
                input = try ModelInput(try NPYArray(decoding: bytes))
            } catch let error as EngineError {
                throw EngineError("\(photo.path): \(error.message)")
            } catch {
                throw EngineError("\(photo.path): \(error)")
            }
            guard case .photo = input else { throw EngineError("\(photo.path): calibration inputs must be uint8 H×W×3 photos") }
            _ = try backend.run(input: try input.prepared(with: preprocessor)) { key, values in
                ranges.observe(key, values)
            }
            hasher.update(data: Data(photo.lastPathComponent.utf8))
            hasher.update(data: bytes)
        }
        let digest = hasher.finalize().hexString
        return (ranges, QuantizationSpec.Calibration(images: photos.count, sha256: digest, files: photos.map(\.lastPathComponent)))
    }
}
