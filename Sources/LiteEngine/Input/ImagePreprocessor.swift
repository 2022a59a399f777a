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
    public func resizedPixels(_ pixels: [UInt8], height: Int, width: Int) throws(EngineError) -> [Float] {
        guard height > 0, width > 0, pixels.count == height * width * 3 else {
            throw EngineError("image of \(height)×\(width)×3 needs \(height * width * 3) bytes, got \(pixels.count)")
        }
        let crop = cropSize(height: height, width: width)
        guard crop >= 1 else { throw EngineError("image of \(height)×\(width) is too small to crop") }
        let offsetY = (height - crop + 1) / 2
        let offsetX = (width - crop + 1) / 2
        let scale = Double(crop) / Double(resolution)
        let rows = (0..<resolution).map { Self.sample($0, scale: scale, size: crop) }
        var output = [Float](repeating: 0, count: resolution * resolution * 3)
        for (outY, row) in rows.enumerated() {
            for (outX, column) in rows.enumerated() {
                for channel in 0..<3 {
                    func pixel(_ y: Int, _ x: Int) -> Double {
                        Double(pixels[((offsetY + y) * width + offsetX + x) * 3 + channel])
                    }
                    let top = pixel(row.low, column.low) * (1 - column.fraction) + pixel(row.low, column.high) * column.fraction
                    let bottom = pixel(row.high, column.low) * (1 - column.fraction) + pixel(row.high, column.high) * column.fraction
                    let value = top * (1 - row.fraction) + bottom * row.fraction
                    output[(outY * resolution + outX) * 3 + channel] = Float(min(max(value.rounded(.toNearestOrAwayFromZero), 0), 255))
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

    /// Source coordinates for one output coordinate: half-pixel centres, clamped to the edge.
    private static func sample(_ index: Int, scale: Double, size: Int) -> (low: Int, high: Int, fraction: Double) {
        let source = max((Double(index) + 0.5) * scale - 0.5, 0)
        let low = min(Int(source), size - 1)
        let high = min(low + 1, size - 1)
        return (low, high, source - Double(low))
    }
}
