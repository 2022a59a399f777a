/// A bounds-checked little-endian cursor over a byte array.
///
/// Every read checks the remaining length first and throws
/// ``TorchFormatError/truncated(offset:needed:available:context:)`` instead of trapping.
struct ByteReader: Sendable {
    /// The whole input; shared, never copied.
    let bytes: [UInt8]
    /// The next byte to read.
    private(set) var offset: Int

    init(bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Bytes left after ``offset``.
    var remaining: Int { bytes.count - offset }

    /// Whether the whole input has been consumed.
    var isAtEnd: Bool { offset >= bytes.count }

    /// Throws unless `count` more bytes are available.
    func require(_ count: Int, _ context: @autoclosure () -> String) throws(TorchFormatError) {
        guard count >= 0, count <= remaining else {
            throw .truncated(offset: offset, needed: count, available: max(0, remaining), context: context())
        }
    }

    /// Moves the cursor forward by `count` bytes.
    mutating func skip(_ count: Int, _ context: @autoclosure () -> String) throws(TorchFormatError) {
        try require(count, context())
        offset += count
    }

    mutating func readUInt8(_ context: @autoclosure () -> String) throws(TorchFormatError) -> UInt8 {
        try require(1, context())
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16(_ context: @autoclosure () -> String) throws(TorchFormatError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readLittleEndian(2, context()))
    }

    mutating func readUInt32(_ context: @autoclosure () -> String) throws(TorchFormatError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(4, context()))
    }

    mutating func readInt32(_ context: @autoclosure () -> String) throws(TorchFormatError) -> Int32 {
        Int32(bitPattern: try readUInt32(context()))
    }

    mutating func readInt64(_ context: @autoclosure () -> String) throws(TorchFormatError) -> Int64 {
        Int64(bitPattern: try readLittleEndian(8, context()))
    }

    /// Reads an IEEE-754 double stored big-endian (pickle's `BINFLOAT`).
    mutating func readBigEndianDouble(_ context: @autoclosure () -> String) throws(TorchFormatError) -> Double {
        try require(8, context())
        var raw: UInt64 = 0
        for index in offset..<(offset + 8) {
            raw = raw << 8 | UInt64(bytes[index])
        }
        offset += 8
        return Double(bitPattern: raw)
    }

    /// Reads `count` bytes as a slice of the shared input (no copy).
    mutating func readBytes(_ count: Int, _ context: @autoclosure () -> String) throws(TorchFormatError) -> ArraySlice<UInt8> {
        try require(count, context())
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Reads up to and including a `\n`, returning the bytes before it.
    /// Throws if no newline occurs within `maximumLength` bytes.
    mutating func readLine(maximumLength: Int, _ context: @autoclosure () -> String) throws(TorchFormatError) -> ArraySlice<UInt8> {
        let limit = min(bytes.count, offset + maximumLength + 1)
        var end = offset
        while end < limit, bytes[end] != 0x0A {
            end += 1
        }
        guard end < limit else {
            if limit == bytes.count {
                throw .truncated(offset: offset, needed: remaining + 1, available: remaining, context: context() + " (newline)")
            }
            throw .limitExceeded(offset: offset, limit: context() + " length", maximum: maximumLength)
        }
        defer { offset = end + 1 }
        return bytes[offset..<end]
    }

    private mutating func readLittleEndian(_ width: Int, _ context: @autoclosure () -> String) throws(TorchFormatError) -> UInt64 {
        try require(width, context())
        var raw: UInt64 = 0
        for shift in 0..<width {
            raw |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift))
        }
        offset += width
        return raw
    }
}
