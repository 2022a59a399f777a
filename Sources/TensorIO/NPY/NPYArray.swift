/// An array read from a NumPy `.npy` file (C order only).
public struct NPYArray: Sendable {
    /// Element types EffFleet reads.
    public enum ElementType: String, Sendable {
        case uint8 = "u1"
        case float32 = "f4"
    }

    public var elementType: ElementType
    public var shape: [Int]
    /// Little-endian element bytes, C order.
    public var bytes: [UInt8]

    public init(elementType: ElementType, shape: [Int], bytes: [UInt8]) {
        self.elementType = elementType
        self.shape = shape
        self.bytes = bytes
    }

    /// A float32 array.
    public init(shape: [Int], floats: [Float]) {
        self.init(elementType: .float32, shape: shape, bytes: floats.withUnsafeBytes { [UInt8]($0) })
    }

    public var elementCount: Int { shape.reduce(1, *) }

    /// The elements as floats (uint8 values are converted).
    public var floats: [Float] {
        switch elementType {
        case .uint8:
            return bytes.map(Float.init)
        case .float32:
            return [Float](unsafeUninitializedCapacity: elementCount) { buffer, initialized in
                bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
                initialized = elementCount
            }
        }
    }
}
