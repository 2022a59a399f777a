import Foundation

/// Collects tensors and metadata and writes one safetensors file.
///
/// Tensors are laid out contiguously (as the format requires) in order of decreasing element
/// size, and the data section starts on a 64-byte boundary, so every tensor is aligned to its
/// element size inside a memory map.
public struct SafeTensorsWriter: Sendable {
    private struct Entry: Sendable {
        var name: String
        var dtype: SafeTensorsDType
        var shape: [Int]
        var bytes: [UInt8]
    }

    public var metadata: [String: String] = [:]
    private var entries: [Entry] = []
    private var names: Set<String> = []

    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Adds a tensor of raw little-endian bytes.
    public mutating func add(_ name: String, dtype: SafeTensorsDType, shape: [Int], bytes: [UInt8]) throws(SafeTensorsError) {
        guard !names.contains(name), name != "__metadata__" else { throw SafeTensorsError("duplicate tensor name '\(name)'") }
        guard shape.reduce(dtype.size, *) == bytes.count else {
            throw SafeTensorsError(
                "tensor '\(name)': shape \(shape) of \(dtype.rawValue) needs \(shape.reduce(dtype.size, *)) bytes, got \(bytes.count)")
        }
        names.insert(name)
        entries.append(Entry(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    /// Adds a tensor of elements of a fixed-size numeric type.
    public mutating func add<T: BitwiseCopyable>(
        _ name: String, dtype: SafeTensorsDType, shape: [Int], elements: [T]
    ) throws(SafeTensorsError) {
        let bytes = elements.withUnsafeBytes { [UInt8]($0) }
        try add(name, dtype: dtype, shape: shape, bytes: bytes)
    }

    /// Adds a float32 tensor.
    public mutating func add(_ name: String, shape: [Int], floats: [Float]) throws(SafeTensorsError) {
        try add(name, dtype: .f32, shape: shape, elements: floats)
    }

    /// The encoded file.
    public func encoded() throws(SafeTensorsError) -> [UInt8] {
        let ordered = entries.enumerated().sorted {
            ($0.element.dtype.size, -$0.offset) > ($1.element.dtype.size, -$1.offset)
        }.map(\.element)
        var header: [String: Any] = [:]
        var offset = 0
        for entry in ordered {
            header[entry.name] =
                [
                    "dtype": entry.dtype.rawValue,
                    "shape": entry.shape,
                    "data_offsets": [offset, offset + entry.bytes.count],
                ] as [String: Any]
            offset += entry.bytes.count
        }
        if !metadata.isEmpty {
            header["__metadata__"] = metadata
        }
        var json: [UInt8]
        do {
            json = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes]))
        } catch {
            throw SafeTensorsError("could not encode header: \(error)")
        }
        while (8 + json.count) % 64 != 0 {
            json.append(0x20)
        }
        var output: [UInt8] = []
        output.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { output.append(contentsOf: $0) }
        output.append(contentsOf: json)
        for entry in ordered {
            output.append(contentsOf: entry.bytes)
        }
        return output
    }

    /// Encodes and writes the file atomically.
    public func write(to path: String) throws {
        try FileBytes.writeAtomically(try encoded(), to: path)
    }
}
