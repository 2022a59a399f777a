import Foundation

/// A safetensors file opened for reading through a memory map.
///
/// The header is validated completely on open: every tensor has a known dtype, a shape whose
/// byte size matches its offsets, and offsets inside the file. Tensor data is read lazily.
public struct SafeTensorsFile: Sendable {
    /// Largest header accepted (the format's own limit is 100 MB).
    public static let maximumHeaderSize = 100_000_000

    public let path: String
    /// String metadata from the `__metadata__` entry.
    public let metadata: [String: String]
    /// Tensors by name.
    public let tensors: [String: TensorInfo]
    private let file: MappedFile
    private let dataStart: Int

    /// Opens and validates `path`.
    public init(path: String) throws(SafeTensorsError) {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch {
            throw SafeTensorsError(error.description)
        }
        try self.init(file: file)
    }

    /// Validates an already mapped file.
    public init(file: MappedFile) throws(SafeTensorsError) {
        self.file = file
        self.path = file.path
        let bytes = file.bytes
        guard bytes.count >= 8 else { throw SafeTensorsError("\(file.path): file is \(bytes.count) bytes, too short for a header") }
        let headerLength = Int(UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)).clamped(to: UInt64(Int.max)))
        guard headerLength <= Self.maximumHeaderSize else {
            throw SafeTensorsError("\(file.path): header length \(headerLength) exceeds \(Self.maximumHeaderSize)")
        }
        guard headerLength <= bytes.count - 8 else {
            throw SafeTensorsError("\(file.path): header length \(headerLength) runs past the end of the \(bytes.count)-byte file")
        }
        dataStart = 8 + headerLength
        let header = Data(bytes[8..<dataStart])
        let parsed = try Self.parseHeader(header, dataSize: bytes.count - dataStart, path: file.path)
        metadata = parsed.metadata
        tensors = parsed.tensors
    }

    /// Size of the whole file in bytes.
    public var byteCount: Int { file.count }

    /// Tensor names in file order (by data offset).
    public var names: [String] {
        tensors.values.sorted { $0.byteRange.lowerBound < $1.byteRange.lowerBound }.map(\.name)
    }

    /// The raw bytes of `name`, valid while this value (and its map) is alive.
    public func withBytes<R>(of name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try body(try unsafeBytes(of: name))
    }

    /// The raw bytes of `name` without a closure. The pointer is valid only while `self` (which
    /// keeps the memory map alive) is alive; callers must keep the file value around.
    public func unsafeBytes(of name: String) throws(SafeTensorsError) -> UnsafeRawBufferPointer {
        guard let info = tensors[name] else { throw SafeTensorsError("\(path): no tensor named '\(name)'") }
        return UnsafeRawBufferPointer(
            rebasing: file.bytes[(dataStart + info.byteRange.lowerBound)..<(dataStart + info.byteRange.upperBound)])
    }

    /// Copies tensor `name` out as `Float`s, checking its dtype.
    public func floats(_ name: String) throws(SafeTensorsError) -> [Float] {
        try elements(name, dtype: .f32, as: Float.self)
    }

    /// Copies tensor `name` out as elements of type `T`, checking that its dtype is `dtype`.
    public func elements<T: BitwiseCopyable>(_ name: String, dtype: SafeTensorsDType, as type: T.Type) throws(SafeTensorsError) -> [T] {
        guard let info = tensors[name] else { throw SafeTensorsError("\(path): no tensor named '\(name)'") }
        guard info.dtype == dtype else {
            throw SafeTensorsError("\(path): tensor '\(name)' is \(info.dtype.rawValue), expected \(dtype.rawValue)")
        }
        let source = try unsafeBytes(of: name)
        return [T](unsafeUninitializedCapacity: info.elementCount) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            initialized = info.elementCount
        }
    }

    private static func parseHeader(
        _ header: Data, dataSize: Int, path: String
    ) throws(SafeTensorsError) -> (metadata: [String: String], tensors: [String: TensorInfo]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw SafeTensorsError("\(path): header is not valid JSON")
        }
        guard let entries = object as? [String: Any] else { throw SafeTensorsError("\(path): header is not a JSON object") }
        var metadata: [String: String] = [:]
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in entries {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw SafeTensorsError("\(path): __metadata__ is not an object") }
                for (key, item) in map {
                    guard let text = item as? String else { throw SafeTensorsError("\(path): metadata '\(key)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            tensors[name] = try parseTensor(name: name, value: value, dataSize: dataSize, path: path)
        }
        return (metadata, tensors)
    }

    private static func parseTensor(name: String, value: Any, dataSize: Int, path: String) throws(SafeTensorsError) -> TensorInfo {
        guard let entry = value as? [String: Any],
            let dtypeName = entry["dtype"] as? String,
            let shapeValues = entry["shape"] as? [Any],
            let offsetValues = entry["data_offsets"] as? [Any]
        else { throw SafeTensorsError("\(path): tensor '\(name)' needs dtype, shape and data_offsets") }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw SafeTensorsError("\(path): tensor '\(name)' has unsupported dtype \(dtypeName)")
        }
        let shape = shapeValues.compactMap(Self.integer)
        let offsets = offsetValues.compactMap(Self.integer)
        guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 }), shape.count <= 8 else {
            throw SafeTensorsError("\(path): tensor '\(name)' has an invalid shape")
        }
        guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize else {
            throw SafeTensorsError("\(path): tensor '\(name)' has data_offsets outside the \(dataSize)-byte data section")
        }
        var byteCount = dtype.size
        for dimension in shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw SafeTensorsError("\(path): tensor '\(name)' shape overflows") }
            byteCount = product
        }
        guard byteCount == offsets[1] - offsets[0] else {
            throw SafeTensorsError(
                "\(path): tensor '\(name)' shape \(shape) needs \(byteCount) bytes, offsets span \(offsets[1] - offsets[0])")
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
    }

    private static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 9.0e15 else { return nil }
        return number.intValue
    }
}

extension UInt64 {
    fileprivate func clamped(to limit: UInt64) -> UInt64 { Swift.min(self, limit) }
}
