/// Turns a photo into the network's input the way TensorFlow's EfficientNet evaluation does.
///
/// 1. centre crop to `crop = ⌊res · min(h, w) / (res + 32)⌋`, offset `((h − crop + 1) / 2, (w − crop + 1) / 2)`;
/// 2. bilinear resize to `res × res` with half-pixel centres and no antialiasing;
/// 3. round to the nearest integer (ties away from zero), clamp to 0…255;
/// 4. normalize `(v − mean) / std`.
public struct ImagePreprocessor: Hashable, Sendable {
    public var resolution: Int
    public var mean: Float
    public var std: Float

    public init(resolution: Int, mean: Float, std: Float) {
        self.resolution = resolution
        self.mean = mean
        self.std = std
    }

    /// The crop edge for an image of `height × width`.
    public func cropSize(height: Int, width: Int) -> Int {
        resolution * min(height, width) / (resolution + 32)
    }

    /// The resized, rounded pixels (`res × res × 3` values in 0…255), before normalization.
    ///
    /// Computed exactly in integers: the source coordinate `(dst + 0.5) · crop / res − 0.5` is
    /// `n / D` with `n = (2·dst + 1)·crop − res` and `D = 2·res`, so every interpolated value is an
    /// integer over `D²` and ties (x.5, which do occur) round exactly, away from zero.
    public func resizedPixels(_ pixels: [UInt8], height: Int, width: Int) throws(EngineError) -> [Float] {
        guard height > 0, width > 0, pixels.count == height * width * 3 else {
            throw EngineError("image of \(height)×\(width)×3 needs \(height * width * 3) bytes, got \(pixels.count)")
        }
        let crop = cropSize(height: height, width: width)
        guard crop >= 1 else { throw EngineError("image of \(height)×\(width) is too small to crop") }
        let offsetY = (height - crop + 1) / 2
        let offsetX = (width - crop + 1) / 2
        let denominator = 2 * resolution
        let samples = (0..<resolution).map { Self.sample($0, crop: crop, resolution: resolution) }
        let square = denominator * denominator
        var output = [Float](repeating: 0, count: resolution * resolution * 3)
        for (outY, row) in samples.enumerated() {
            let topRow = (offsetY + row.low) * width + offsetX
            let bottomRow = (offsetY + row.high) * width + offsetX
            for (outX, column) in samples.enumerated() {
                for channel in 0..<3 {
                    let topLeft = Int(pixels[(topRow + column.low) * 3 + channel])
                    let topRight = Int(pixels[(topRow + column.high) * 3 + channel])
                    let bottomLeft = Int(pixels[(bottomRow + column.low) * 3 + channel])
                    let bottomRight = Int(pixels[(bottomRow + column.high) * 3 + channel])
                    let top = topLeft * (denominator - column.fraction) + topRight * column.fraction
                    let bottom = bottomLeft * (denominator - column.fraction) + bottomRight * column.fraction
                    let scaled = top * (denominator - row.fraction) + bottom * row.fraction
                    output[(outY * resolution + outX) * 3 + channel] = Float(min((2 * scaled + square) / (2 * square), 255))
                }
            }
        }
        return output
    }

    /// The normalized network input for a photo.
    public func input(fromPixels pixels: [UInt8], height: Int, width: Int) throws(EngineError) -> [Float] {
        let inverse = 1 / std
        return try resizedPixels(pixels, height: height, width: width).map { ($0 - mean) * inverse }
    }

    /// Source pixels and the fraction (over `2·res`) for one output coordinate: half-pixel
    /// centres, clamped to the crop's edges.
    private static func sample(_ index: Int, crop: Int, resolution: Int) -> (low: Int, high: Int, fraction: Int) {
        let denominator = 2 * resolution
        let numerator = min(max((2 * index + 1) * crop - resolution, 0), (crop - 1) * denominator)
        let low = numerator / denominator
        return (low, min(low + 1, crop - 1), numerator - low * denominator)
    }
}
