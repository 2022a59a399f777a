import TensorIO

/// What can be classified: a photo, or a tensor already prepared at model resolution.
public enum ModelInput: Sendable {
    /// A `uint8` RGB photo, `height × width × 3`.
    case photo(pixels: [UInt8], height: Int, width: Int)
    /// A normalized float tensor, `resolution × resolution × 3`.
    case tensor([Float], resolution: Int)

    /// Interprets a `.npy` array: `uint8` `H×W×3`, or `float32` `(1,)R×R×3`.
    public init(_ array: NPYArray) throws(EngineError) {
        switch array.elementType {
        case .uint8:
            guard array.shape.count == 3, array.shape[2] == 3, array.shape[0] > 0, array.shape[1] > 0 else {
                throw EngineError("a uint8 photo must have shape (H, W, 3), got \(array.shape)")
            }
            self = .photo(pixels: array.bytes, height: array.shape[0], width: array.shape[1])
        case .float32:
            var shape = array.shape
            if shape.count == 4, shape[0] == 1 { shape.removeFirst() }
            guard shape.count == 3, shape[2] == 3, shape[0] == shape[1], shape[0] > 0 else {
                throw EngineError("a float32 input must have shape (1, R, R, 3) or (R, R, 3), got \(array.shape)")
            }
            let values = array.floats
            guard values.allSatisfy(\.isFinite) else { throw EngineError("float32 input holds NaN or infinite values") }
            self = .tensor(values, resolution: shape[0])
        }
    }

    /// Reads a `.npy` file.
    public init(contentsOf path: String) throws(EngineError) {
        do {
            try self.init(try NPYArray(contentsOf: path))
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError(String(describing: error))
        }
    }

    /// The network input for a model of `preprocessor.resolution`.
    public func prepared(with preprocessor: ImagePreprocessor) throws(EngineError) -> [Float] {
        switch self {
        case .photo(let pixels, let height, let width):
            return try preprocessor.input(fromPixels: pixels, height: height, width: width)
        case .tensor(let values, let resolution):
            guard resolution == preprocessor.resolution else {
                throw EngineError(
                    "input tensor is \(resolution)×\(resolution), the model takes \(preprocessor.resolution)×\(preprocessor.resolution)")
            }
            return values
        }
    }
}
