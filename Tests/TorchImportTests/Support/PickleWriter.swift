/// Emits protocol-2 pickle bytes the way CPython's pickler does, for crafting test files.
struct PickleWriter {
    var bytes: [UInt8] = []

    mutating func proto() { bytes += [0x80, 0x02] }
    mutating func stop() { bytes.append(0x2E) }
    mutating func mark() { bytes.append(0x28) }
    mutating func none() { bytes.append(0x4E) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 0x88 : 0x89) }
    mutating func emptyTuple() { bytes.append(0x29) }
    mutating func emptyDict() { bytes.append(0x7D) }
    mutating func emptyList() { bytes.append(0x5D) }
    mutating func reduce() { bytes.append(0x52) }
    mutating func build() { bytes.append(0x62) }
    mutating func binPersID() { bytes.append(0x51) }
    mutating func setItems() { bytes.append(0x75) }
    mutating func appends() { bytes.append(0x65) }
    mutating func raw(_ more: [UInt8]) { bytes += more }

    mutating func int(_ value: Int) {
        switch value {
        case 0..<256:
            bytes += [0x4B, UInt8(value)]
        case 256..<65536:
            bytes += [0x4D, UInt8(value & 0xFF), UInt8(value >> 8)]
        case Int(Int32.min)...Int(Int32.max):
            bytes.append(0x4A)
            bytes += littleEndian(UInt32(bitPattern: Int32(value)))
        default:
            bytes += [0x8A, 0x08]
            bytes += littleEndian(UInt64(bitPattern: Int64(value)))
        }
    }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        bytes.append(0x58)
        bytes += littleEndian(UInt32(utf8.count))
        bytes += utf8
    }

    mutating func global(_ module: String, _ name: String) {
        bytes.append(0x63)
        bytes += Array("\(module)\n\(name)\n".utf8)
    }

    mutating func binPut(_ index: Int) {
        if index < 256 {
            bytes += [0x71, UInt8(index)]
        } else {
            bytes.append(0x72)
            bytes += littleEndian(UInt32(index))
        }
    }

    mutating func binGet(_ index: Int) {
        if index < 256 {
            bytes += [0x68, UInt8(index)]
        } else {
            bytes.append(0x6A)
            bytes += littleEndian(UInt32(index))
        }
    }

    /// `MARK <items> TUPLE`.
    mutating func tuple(_ items: (inout PickleWriter) -> Void) {
        mark()
        items(&self)
        bytes.append(0x74)
    }

    mutating func intTuple(_ values: [Int]) {
        tuple { writer in
            for value in values { writer.int(value) }
        }
    }
}

func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { littleEndian($0.bitPattern) }
}
