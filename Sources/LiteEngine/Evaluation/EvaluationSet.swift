import Crypto
import EffCore
import Foundation
import LiteArtifact
import TensorIO

/// A held-out evaluation set: any number of inputs derived deterministically from a folder of
/// source photos (uint8 H×W×3 `.npy`) by crops, flips, scales and colour changes.
///
/// Input `i` comes from source `i mod S` (sources sorted by file name) as its `k = i / S`-th
/// variant: `k = 0` is the photo itself, `k = 1` its mirror image, and every later `k` a random
/// crop (35–100 % of the area, aspect 3:4–4:3), a coin-flip mirror, a rescale to a short side of
/// 160–480 pixels (bilinear), and colour changes: per-channel gains 0.9–1.1 (white balance),
/// saturation 0.5–1.5, contrast 0.7–1.3 and brightness 0.7–1.3. The parameters come from a
/// SplitMix64 generator seeded by the recipe, the source's name and `k`, and the arithmetic uses
/// only IEEE basic operations and `sqrt`, so the same sources give the same bytes everywhere.
/// Recipe changes must change ``recipe``.
public struct EvaluationSet: Sendable {
    /// Names the derivation above; recorded in artifacts next to the hashes.
    public static let recipe = "effset-1"

    /// One source photo.
    public struct Source: Sendable {
        public var name: String
        public var pixels: [UInt8]
        public var height: Int
        public var width: Int

        public init(name: String, pixels: [UInt8], height: Int, width: Int) {
            self.name = name
            self.pixels = pixels
            self.height = height
            self.width = width
        }

        /// sha256 of the pixels (as stored: row-major RGB).
        public var pixelSHA256: String { Self.hex(SHA256.hash(data: pixels)) }
        /// sha256 of the pixels mirrored left–right.
        public var mirroredPixelSHA256: String { Self.hex(SHA256.hash(data: EvaluationSet.mirrored(pixels, height: height, width: width))) }

        static func hex(_ digest: SHA256.Digest) -> String { digest.hexString }
    }

    public let sources: [Source]

    /// Loads every `*.npy` photo of `directory`, sorted by name.
    public init(directory: String) throws(EngineError) {
        var sources: [Source] = []
        for url in try Calibrator.photos(in: directory, limit: nil) {
            let input = try ModelInput(contentsOf: url.path)
            guard case .photo(let pixels, let height, let width) = input else {
                throw EngineError("\(url.path): evaluation sources must be uint8 H×W×3 photos")
            }
            sources.append(Source(name: url.lastPathComponent, pixels: pixels, height: height, width: width))
        }
        try self.init(sources: sources)
    }

    public init(sources: [Source]) throws(EngineError) {
        guard !sources.isEmpty else { throw EngineError("an evaluation set needs at least one source photo") }
        guard Set(sources.map(\.name)).count == sources.count else { throw EngineError("evaluation source names must be unique") }
        self.sources = sources.sorted { $0.name < $1.name }
    }

    /// sha256 over the sorted source names, shapes and pixels.
    public var sourcesSHA256: String {
        var hasher = SHA256()
        for source in sources {
            hasher.update(data: Data("\(source.name)|\(source.height)x\(source.width)x3|".utf8))
            hasher.update(data: source.pixels)
        }
        return Source.hex(hasher.finalize())
    }

    /// Refuses a set that shares a source photo with `calibration`: the same file name, or the
    /// same pixels as a calibration photo or its mirror image.
    public func checkDisjoint(fromCalibration calibration: [URL]) throws(EngineError) {
        var names: [String: String] = [:]
        for source in sources {
            names[source.pixelSHA256] = source.name
            names[source.mirroredPixelSHA256] = source.name
        }
        let sourceNames = Set(sources.map(\.name))
        for url in calibration {
            if sourceNames.contains(url.lastPathComponent) {
                throw EngineError(
                    "\(url.lastPathComponent) is both a calibration photo and an evaluation source: the sets must be disjoint")
            }
            guard case .photo(let pixels, let height, let width) = try ModelInput(contentsOf: url.path) else { continue }
            let photo = Source(name: url.lastPathComponent, pixels: pixels, height: height, width: width)
            if let twin = names[photo.pixelSHA256] ?? names[photo.mirroredPixelSHA256] {
                throw EngineError(
                    "calibration photo \(photo.name) has the same pixels as evaluation source \(twin): the sets must be disjoint")
            }
        }
    }

    /// The name of input `index`: `<source>#<k>`.
    public func name(_ index: Int) -> String {
        "\(sources[index % sources.count].name)#\(index / sources.count)"
    }

    /// Input `index` (any index ≥ 0; the set is unbounded).
    public func input(_ index: Int) -> ModelInput {
        precondition(index >= 0)
        let source = sources[index % sources.count]
        let k = index / sources.count
        switch k {
        case 0:
            return .photo(pixels: source.pixels, height: source.height, width: source.width)
        case 1:
            return .photo(
                pixels: Self.mirrored(source.pixels, height: source.height, width: source.width), height: source.height, width: source.width
            )
        default:
            let transform = Transform(source: source, variant: k)
            return transform.apply(to: source)
        }
    }

    /// sha256 over the first `count` inputs' names, shapes and pixels.
    public func inputsSHA256(count: Int) -> String {
        var digest = InputDigest()
        for index in 0..<count { digest.add(name: name(index), input: input(index)) }
        return digest.hex
    }

    /// Accumulates the inputs' hash while they are evaluated.
    public struct InputDigest {
        private var hasher = SHA256()

        public init() {}

        public mutating func add(name: String, input: ModelInput) {
            guard case .photo(let pixels, let height, let width) = input else { return }
            hasher.update(data: Data("\(name)|\(height)x\(width)x3|".utf8))
            hasher.update(data: pixels)
        }

        public var hex: String { Source.hex(hasher.finalize()) }
    }

    static func mirrored(_ pixels: [UInt8], height: Int, width: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            let row = y * width * 3
            for x in 0..<width {
                let from = row + (width - 1 - x) * 3
                let to = row + x * 3
                output[to] = pixels[from]
                output[to + 1] = pixels[from + 1]
                output[to + 2] = pixels[from + 2]
            }
        }
        return output
    }

    /// The random parameters of one derived input.
    struct Transform {
        var cropX: Double, cropY: Double, cropWidth: Double, cropHeight: Double
        var mirror: Bool
        var outputHeight: Int, outputWidth: Int
        var gains: (Float, Float, Float)
        var saturation: Float, contrast: Float, brightness: Float

        init(source: Source, variant: Int) {
            var generator = SplitMix64(seed: Self.seed(recipe: EvaluationSet.recipe, name: source.name, variant: variant))
            func uniform(_ low: Double, _ high: Double) -> Double {
                low + (high - low) * (Double(generator.next() >> 11) * 0x1p-53)
            }
            let height = Double(source.height)
            let width = Double(source.width)
            let area = uniform(0.35, 1.0)
            let aspect = uniform(0.75, 4.0 / 3.0)  // aspect = width / height of the crop
            // A crop of `area` of the photo with this aspect, shrunk to fit.
            var cropWidth = (area * height * width * aspect).squareRoot()
            var cropHeight = cropWidth / aspect
            let fit = min(1, width / cropWidth, height / cropHeight)
            cropWidth = max(min(cropWidth * fit, width), 8)
            cropHeight = max(min(cropHeight * fit, height), 8)
            self.cropWidth = cropWidth
            self.cropHeight = cropHeight
            cropX = uniform(0, width - cropWidth)
            cropY = uniform(0, height - cropHeight)
            mirror = generator.next() & 1 == 1
            let shortSide = uniform(160, 480)
            let scale = shortSide / min(cropWidth, cropHeight)
            outputWidth = max(Int((cropWidth * scale).rounded()), 1)
            outputHeight = max(Int((cropHeight * scale).rounded()), 1)
            gains = (Float(uniform(0.9, 1.1)), Float(uniform(0.9, 1.1)), Float(uniform(0.9, 1.1)))
            saturation = Float(uniform(0.5, 1.5))
            contrast = Float(uniform(0.7, 1.3))
            brightness = Float(uniform(0.7, 1.3))
        }

        /// FNV-1a over `recipe|name|variant`: stable across runs and platforms (unlike `Hasher`).
        static func seed(recipe: String, name: String, variant: Int) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in "\(recipe)|\(name)|\(variant)".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return hash
        }

        /// Crop, mirror and resize (bilinear, half-pixel centres, clamped to the crop), then
        /// white balance, saturation, contrast and brightness; rounded and clamped to 0…255.
        func apply(to source: Source) -> ModelInput {
            let width = source.width
            let height = source.height
            var output = [UInt8](repeating: 0, count: outputHeight * outputWidth * 3)
            let stepX = cropWidth / Double(outputWidth)
            let stepY = cropHeight / Double(outputHeight)
            func samples(_ count: Int, start: Double, step: Double, limit: Int, reversed: Bool) -> [(Int, Int, Float)] {
                (0..<count).map { index in
                    let position = reversed ? count - 1 - index : index
                    var coordinate = start + (Double(position) + 0.5) * step - 0.5
                    coordinate = min(max(coordinate, 0), Double(limit - 1))
                    let low = Int(coordinate)  // coordinate ≥ 0: truncation is floor
                    return (low, min(low + 1, limit - 1), Float(coordinate - Double(low)))
                }
            }
            let columns = samples(outputWidth, start: cropX, step: stepX, limit: width, reversed: mirror)
            let rows = samples(outputHeight, start: cropY, step: stepY, limit: height, reversed: false)
            let pixels = source.pixels
            for (outY, row) in rows.enumerated() {
                for (outX, column) in columns.enumerated() {
                    func sample(_ channel: Int) -> Float {
                        let topLeft = Float(pixels[(row.0 * width + column.0) * 3 + channel])
                        let topRight = Float(pixels[(row.0 * width + column.1) * 3 + channel])
                        let bottomLeft = Float(pixels[(row.1 * width + column.0) * 3 + channel])
                        let bottomRight = Float(pixels[(row.1 * width + column.1) * 3 + channel])
                        let top = topLeft + (topRight - topLeft) * column.2
                        let bottom = bottomLeft + (bottomRight - bottomLeft) * column.2
                        return top + (bottom - top) * row.2
                    }
                    let red = sample(0) * gains.0
                    let green = sample(1) * gains.1
                    let blue = sample(2) * gains.2
                    let luma = 0.299 * red + 0.587 * green + 0.114 * blue
                    func finish(_ value: Float) -> UInt8 {
                        var v = luma + saturation * (value - luma)
                        v = 128 + contrast * (v - 128)
                        v *= brightness
                        return UInt8(min(max(v.rounded(.toNearestOrAwayFromZero), 0), 255))
                    }
                    let base = (outY * outputWidth + outX) * 3
                    output[base] = finish(red)
                    output[base + 1] = finish(green)
                    output[base + 2] = finish(blue)
                }
            }
            return .photo(pixels: output, height: outputHeight, width: outputWidth)
        }
    }
}
