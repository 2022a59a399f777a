/// Decodes one little-endian storage element to `Float`.
///
/// `load` is only called with indices the tensor geometry validation has proven to be
/// inside the storage; reads are unaligned because storages start at arbitrary file offsets.
protocol StorageElement {
    static func load(_ base: UnsafeRawPointer, _ index: Int) -> Float
}

enum Float32Element: StorageElement {
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ index: Int) -> Float {
        Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self)))
    }
}

enum Float64Element: StorageElement {
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ index: Int) -> Float {
        Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index &* 8, as: UInt64.self))))
    }
}

enum Float16Element: StorageElement {
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ index: Int) -> Float {
        let half = UInt16(littleEndian: base.loadUnaligned(fromByteOffset: index &* 2, as: UInt16.self))
        let sign: UInt32 = UInt32(half & 0x8000) << 16
        let exponent = UInt32(half >> 10) & 0x1F
        let mantissa = UInt32(half & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa · 2⁻²⁴, exact in binary32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }
}

enum BFloat16Element: StorageElement {
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ index: Int) -> Float {
        Float(bitPattern: UInt32(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: index &* 2, as: UInt16.self))) << 16)
    }
}

/// A little-endian integer element (`int64`, `int32`, `int16`, `int8`, `uint8`).
enum IntegerElement<Integer: FixedWidthInteger>: StorageElement {
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ index: Int) -> Float {
        Float(Integer(littleEndian: base.loadUnaligned(fromByteOffset: index &* MemoryLayout<Integer>.size, as: Integer.self)))
    }
}

enum BoolElement: StorageElement {
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ index: Int) -> Float {
        base.load(fromByteOffset: index, as: UInt8.self) == 0 ? 0 : 1
    }
}
