/// One tensor of a checkpoint: a strided view onto a shared storage.
///
/// Geometry is validated when the checkpoint is read: sizes, strides and the storage
/// offset are non-negative, the element count does not overflow, and the furthest
/// element `storageOffset + Σ (shape[i] - 1) · strides[i]` lies inside the storage.
public struct TorchTensor: Sendable {
    /// Maximum number of dimensions accepted.
    public static var maximumRank: Int { 64 }

    /// The state-dict key, e.g. `_conv_stem.weight`.
    public let name: String
    /// Element type of the underlying storage.
    public let dtype: TorchDType
    /// Logical shape (PyTorch `size()`); empty for a 0-d scalar.
    public let shape: [Int]
    /// Strides in elements, one per dimension (PyTorch `stride()`).
    public let strides: [Int]
    /// Offset of element `[0, 0, …]` inside the storage, in elements.
    public let storageOffset: Int
    /// Number of logical elements (product of `shape`; 1 for a 0-d scalar).
    public let elementCount: Int
    let storage: TorchStorage

    /// The key of the storage this tensor views (tensors may share a storage).
    public var storageKey: String { storage.key }

    /// Whether the strides are the C-contiguous (row-major) strides of `shape`,
    /// ignoring dimensions of size 1.
    public var isContiguous: Bool {
        var expected = 1
        for dimension in shape.indices.reversed() where shape[dimension] != 1 {
            guard strides[dimension] == expected else { return false }
            expected &*= shape[dimension]
        }
        return true
    }

    init(name: String, storage: TorchStorage, shape: [Int], strides: [Int], storageOffset: Int) throws(TorchFormatError) {
        self.elementCount = try TorchTensor.validate(
            name: name, storageCount: storage.count, shape: shape, strides: strides, storageOffset: storageOffset)
        self.name = name
        self.dtype = storage.dtype
        self.shape = shape
        self.strides = strides
        self.storageOffset = storageOffset
        self.storage = storage
    }

    /// The elements converted to `Float`, in C-contiguous (row-major) order of `shape`,
    /// honoring `strides` and `storageOffset`.
    ///
    /// Floating-point types are converted (float64 rounds to nearest, float16/bfloat16 are
    /// exact); integers convert with rounding above 2²⁴; `bool` gives 0 or 1.
    public func floats() throws(TorchFormatError) -> [Float] {
        // Geometry was validated in init; re-check so a bug can only surface as an error.
        let count = try TorchTensor.validate(
            name: name, storageCount: storage.count, shape: shape, strides: strides, storageOffset: storageOffset)
        let gather = StridedGather(shape: shape, strides: strides, storageOffset: storageOffset, elementCount: count)
        switch dtype {
        case .float32: return gather.run(storage, as: Float32Element.self)
        case .float64: return gather.run(storage, as: Float64Element.self)
        case .float16: return gather.run(storage, as: Float16Element.self)
        case .bfloat16: return gather.run(storage, as: BFloat16Element.self)
        case .int64: return gather.run(storage, as: IntegerElement<Int64>.self)
        case .int32: return gather.run(storage, as: IntegerElement<Int32>.self)
        case .int16: return gather.run(storage, as: IntegerElement<Int16>.self)
        case .int8: return gather.run(storage, as: IntegerElement<Int8>.self)
        case .uint8: return gather.run(storage, as: IntegerElement<UInt8>.self)
        case .bool: return gather.run(storage, as: BoolElement.self)
        }
    }

    /// Checks the geometry against a storage of `storageCount` elements and returns the element count.
    static func validate(
        name: String, storageCount: Int, shape: [Int], strides: [Int], storageOffset: Int
    ) throws(TorchFormatError) -> Int {
        guard shape.count == strides.count else {
            throw .invalidTensor(name: name, reason: "shape has \(shape.count) dimensions but strides have \(strides.count)")
        }
        guard shape.count <= maximumRank else {
            throw .invalidTensor(name: name, reason: "rank \(shape.count) exceeds \(maximumRank)")
        }
        guard storageOffset >= 0 else {
            throw .invalidTensor(name: name, reason: "negative storage offset \(storageOffset)")
        }
        var count = 1
        var furthest = storageOffset
        for (size, stride) in zip(shape, strides) {
            guard size >= 0, stride >= 0 else {
                throw .invalidTensor(name: name, reason: "negative size or stride in shape \(shape) strides \(strides)")
            }
            let (product, productOverflow) = count.multipliedReportingOverflow(by: size)
            if productOverflow {
                throw .invalidTensor(name: name, reason: "element count of shape \(shape) overflows")
            }
            count = product
            if size > 0 {
                let (reach, reachOverflow) = (size - 1).multipliedReportingOverflow(by: stride)
                let (sum, sumOverflow) = furthest.addingReportingOverflow(reach)
                if reachOverflow || sumOverflow {
                    throw .invalidTensor(name: name, reason: "extent of shape \(shape) strides \(strides) overflows")
                }
                furthest = sum
            }
        }
        if count == 0 {
            guard storageOffset <= storageCount else {
                throw .invalidTensor(name: name, reason: "storage offset \(storageOffset) beyond storage of \(storageCount) elements")
            }
        } else {
            guard furthest < storageCount else {
                throw .invalidTensor(
                    name: name,
                    reason:
                        "shape \(shape) strides \(strides) offset \(storageOffset) reach element \(furthest) of a \(storageCount)-element "
                        + "storage"
                )
            }
        }
        return count
    }
}
