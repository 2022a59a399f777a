/// Everything that can go wrong while reading a legacy `torch.save` file.
///
/// Every case carries enough context (byte offset, opcode, what was expected)
/// to locate the problem; ``description`` renders it as one readable line.
public enum TorchFormatError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be read from disk.
    case unreadableFile(path: String, reason: String)

    /// The bytes are not a legacy (non-zip) `torch.save` file at all,
    /// e.g. a zip-based archive from PyTorch ≥ 1.6 or a wrong magic number.
    case unsupportedFormat(reason: String)

    /// The input ended before `needed` bytes could be read at `offset`.
    case truncated(offset: Int, needed: Int, available: Int, context: String)

    /// A pickle opcode byte this reader does not implement.
    case unknownOpcode(opcode: UInt8, offset: Int)

    /// A pickle opcode found operands of the wrong kind or value.
    case malformedPickle(offset: Int, opcode: String, expected: String, found: String)

    /// A pickle opcode needed more stack items than there were (above the current mark).
    case stackUnderflow(offset: Int, opcode: String)

    /// `BINGET`/`LONG_BINGET` referenced a memo slot that was never written.
    case missingMemo(offset: Int, index: Int)

    /// A safety limit (stack size, memo size, nesting depth, …) was exceeded.
    case limitExceeded(offset: Int, limit: String, maximum: Int)

    /// The unpickled object graph does not have the shape of a torch checkpoint.
    case unexpectedObject(context: String, expected: String, found: String)

    /// The pickle references a Python global this reader does not interpret.
    case unsupportedGlobal(module: String, name: String)

    /// A storage declaration or its raw data block is inconsistent.
    case storageMismatch(key: String, reason: String)

    /// A tensor's shape, strides or offset are invalid or reach outside its storage.
    case invalidTensor(name: String, reason: String)

    /// One line describing the error.
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "cannot read torch checkpoint at \(path): \(reason)"
        case let .unsupportedFormat(reason):
            return "not a legacy torch.save file: \(reason)"
        case let .truncated(offset, needed, available, context):
            return "truncated input at byte \(offset): \(context) needs \(needed) bytes, \(available) left"
        case let .unknownOpcode(opcode, offset):
            let hex = String(opcode, radix: 16, uppercase: true)
            return "unknown or unsupported pickle opcode 0x\(hex.count < 2 ? "0" + hex : hex) at byte \(offset)"
        case let .malformedPickle(offset, opcode, expected, found):
            return "malformed pickle at byte \(offset) (\(opcode)): expected \(expected), found \(found)"
        case let .stackUnderflow(offset, opcode):
            return "pickle stack underflow at byte \(offset) (\(opcode))"
        case let .missingMemo(offset, index):
            return "pickle memo slot \(index) read at byte \(offset) was never written"
        case let .limitExceeded(offset, limit, maximum):
            return "safety limit exceeded at byte \(offset): \(limit) is capped at \(maximum)"
        case let .unexpectedObject(context, expected, found):
            return "unexpected object in \(context): expected \(expected), found \(found)"
        case let .unsupportedGlobal(module, name):
            return "unsupported Python global \(module).\(name)"
        case let .storageMismatch(key, reason):
            return "storage '\(key)': \(reason)"
        case let .invalidTensor(name, reason):
            return "tensor '\(name)': \(reason)"
        }
    }
}
