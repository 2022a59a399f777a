import Foundation

extension NPYArray {
    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Largest array accepted (512 MiB of element data).
    public static let maximumDataSize = 512 << 20

    /// Reads `path`.
    public init(contentsOf path: String) throws(NPYError) {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw NPYError(error.description)
        }
        do {
            try self.init(decoding: bytes)
        } catch {
            throw NPYError("\(path): \(error.message)")
        }
    }

    /// Decodes the bytes of a `.npy` file (format versions 1–3, dtypes `u1` and `<f4`, C order).
    public init(decoding bytes: [UInt8]) throws(NPYError) {
        guard bytes.count >= 10, Array(bytes[0..<6]) == Self.magic else { throw NPYError("not a .npy file (bad magic)") }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw NPYError("truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw NPYError("unsupported format version \(major)")
        }
        guard headerLength <= 1 << 16, headerStart + headerLength <= bytes.count else { throw NPYError("truncated header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let fields = try Self.parseHeader(header)
        let dataStart = headerStart + headerLength
        var expected = fields.type == .uint8 ? 1 : 4
        for dimension in fields.shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Self.maximumDataSize else { throw NPYError("array shape \(fields.shape) is too large") }
            expected = product
        }
        guard bytes.count - dataStart == expected else {
            throw NPYError("shape \(fields.shape) needs \(expected) data bytes, file has \(bytes.count - dataStart)")
        }
        self.init(elementType: fields.type, shape: fields.shape, bytes: Array(bytes[dataStart...]))
    }

    /// Encodes as a version 1.0 `.npy` file.
    public func encoded() -> [UInt8] {
        let descr = elementType == .uint8 ? "|u1" : "<f4"
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + header.utf8.count + 1) % 64 != 0 {
            header += " "
        }
        header += "\n"
        let length = header.utf8.count
        return Self.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + bytes
    }

    /// Writes the array to `path` atomically.
    public func write(to path: String) throws(FileError) {
        try FileBytes.writeAtomically(encoded(), to: path)
    }

    private static func parseHeader(_ header: String) throws(NPYError) -> (type: ElementType, shape: [Int]) {
        guard let descr = value(of: "descr", in: header) else { throw NPYError("header has no descr") }
        let type: ElementType
        switch descr.trimming("'\" ") {
        case "|u1", "<u1", "u1": type = .uint8
        case "<f4", "f4": type = .float32
        default: throw NPYError("unsupported dtype \(descr) (expected uint8 or little-endian float32)")
        }
        guard let order = value(of: "fortran_order", in: header), order.trimming(" ") == "False" else {
            throw NPYError("Fortran-ordered arrays are not supported")
        }
        guard let shapeStart = header.range(of: "'shape':")?.upperBound,
            let open = header[shapeStart...].firstIndex(of: "("),
            let close = header[open...].firstIndex(of: ")")
        else { throw NPYError("header has no shape") }
        let parts = header[header.index(after: open)..<close].split(separator: ",").map { String($0).trimming(" ") }.filter { !$0.isEmpty }
        var shape: [Int] = []
        for part in parts {
            guard let dimension = Int(part), dimension >= 0 else { throw NPYError("invalid shape dimension '\(part)'") }
            shape.append(dimension)
        }
        guard shape.count <= 8 else { throw NPYError("too many dimensions") }
        return (type, shape)
    }

    private static func value(of key: String, in header: String) -> String? {
        guard let start = header.range(of: "'\(key)':")?.upperBound else { return nil }
        let rest = header[start...]
        let end = rest.firstIndex(of: ",") ?? rest.endIndex
        return String(rest[..<end])
    }
}

extension String {
    fileprivate func trimming(_ set: String) -> String {
        let characters = Set(set)
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
