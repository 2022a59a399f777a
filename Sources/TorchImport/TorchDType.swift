/// Element type of a tensor, as named by its legacy storage class (`torch.FloatStorage`, …).
public enum TorchDType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `torch.FloatStorage`: IEEE-754 binary32.
    case float32
    /// `torch.DoubleStorage`: IEEE-754 binary64.
    case float64
    /// `torch.HalfStorage`: IEEE-754 binary16.
    case float16
    /// `torch.BFloat16Storage`: bfloat16 (the upper half of a binary32).
    case bfloat16
    /// `torch.LongStorage`: 64-bit signed integer (always 8 bytes on disk,
    /// whatever `type_sizes['long']` in the header says).
    case int64
    /// `torch.IntStorage`: 32-bit signed integer.
    case int32
    /// `torch.ShortStorage`: 16-bit signed integer.
    case int16
    /// `torch.CharStorage`: 8-bit signed integer.
    case int8
    /// `torch.ByteStorage`: 8-bit unsigned integer.
    case uint8
    /// `torch.BoolStorage`: one byte per element, nonzero is `true`.
    case bool

    /// Size of one element in the storage data, in bytes.
    public var elementSize: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16, .int16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// Whether the type is a floating-point type.
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float64, .float16, .bfloat16: true
        case .int64, .int32, .int16, .int8, .uint8, .bool: false
        }
    }

    /// The lowercase name, e.g. `float32`.
    public var description: String { rawValue }

    /// The dtype for a legacy storage class name in module `torch`, e.g. `FloatStorage`.
    init?(storageClassName name: String) {
        switch name {
        case "FloatStorage": self = .float32
        case "DoubleStorage": self = .float64
        case "HalfStorage": self = .float16
        case "BFloat16Storage": self = .bfloat16
        case "LongStorage": self = .int64
        case "IntStorage": self = .int32
        case "ShortStorage": self = .int16
        case "CharStorage": self = .int8
        case "ByteStorage": self = .uint8
        case "BoolStorage": self = .bool
        default: return nil
        }
    }
}
