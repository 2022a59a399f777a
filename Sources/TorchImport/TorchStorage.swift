/// A typed window onto the raw data section of a checkpoint.
///
/// Every storage (and every tensor using it) shares the checkpoint's single byte array;
/// nothing is copied until ``TorchTensor/floats()`` converts elements.
struct TorchStorage: Sendable {
    /// The storage key from the file (e.g. `"103185984"`).
    let key: String
    /// Element type.
    let dtype: TorchDType
    /// The whole checkpoint file (shared, copy-on-write).
    let bytes: [UInt8]
    /// Byte offset of element 0 inside `bytes`.
    let byteOffset: Int
    /// Number of elements; `byteOffset + count * dtype.elementSize <= bytes.count` is
    /// guaranteed by construction.
    let count: Int

    /// Creates a storage after checking that it lies inside `bytes`.
    init(key: String, dtype: TorchDType, bytes: [UInt8], byteOffset: Int, count: Int) throws(TorchFormatError) {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.elementSize)
        guard count >= 0, byteOffset >= 0, overflow == false, byteOffset <= bytes.count,
            byteCount <= bytes.count - byteOffset
        else {
            throw .storageMismatch(
                key: key, reason: "\(count) \(dtype) elements at byte \(byteOffset) exceed the \(bytes.count)-byte input")
        }
        self.key = key
        self.dtype = dtype
        self.bytes = bytes
        self.byteOffset = byteOffset
        self.count = count
    }

    /// The sub-range `[elementOffset, elementOffset + count)` of this storage (legacy storage views).
    func view(key: String, elementOffset: Int, count: Int) throws(TorchFormatError) -> TorchStorage {
        guard elementOffset >= 0, count >= 0, elementOffset <= self.count, count <= self.count - elementOffset else {
            throw .storageMismatch(
                key: key, reason: "view [\(elementOffset), +\(count)) lies outside root storage '\(self.key)' of \(self.count) elements")
        }
        return try TorchStorage(
            key: key, dtype: dtype, bytes: bytes,
            byteOffset: byteOffset + elementOffset * dtype.elementSize, count: count)
    }
}
