/// An immutable value produced by the pickle machine.
///
/// Mutable Python containers (`list`, `dict`/`OrderedDict`) live in a ``PickleHeap`` and
/// are referenced by id, so the memo and the stack share them exactly like Python does
/// and no value can contain itself. Tuples nest by value; their nesting depth is tracked
/// so a hostile pickle cannot build structures deep enough to overflow the stack when
/// they are released.
enum PickleValue: Sendable {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer that does not fit in `Int64`: minimal two's-complement little-endian bytes.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case tuple(PickleTuple)
    case list(PickleListID)
    case dict(PickleDictID)
    /// A `GLOBAL` reference; never resolved to code.
    case global(module: String, name: String)
    /// The result of `REDUCE` on a global other than `collections.OrderedDict`:
    /// an inert record of the call, interpreted later by the torch layer.
    case call(PickleCall)
    /// The argument of `BINPERSID` (torch uses a tuple describing a storage).
    case persistentID(PickleTuple)

    /// Nesting depth of this value (scalars and container references count as 1).
    var depth: Int {
        switch self {
        case .tuple(let tuple): tuple.depth
        case .call(let call): call.arguments.depth + 1
        case .persistentID(let tuple): tuple.depth + 1
        default: 1
        }
    }

    /// A short human-readable kind name for error messages.
    var kindDescription: String {
        switch self {
        case .none: "None"
        case .bool(let value): "bool \(value)"
        case .int(let value): "int \(value)"
        case .bigInt(let bytes): "int of \(bytes.count) bytes"
        case .float(let value): "float \(value)"
        case .string(let value): "str '\(value.count > 40 ? String(value.prefix(40)) + "…" : value)'"
        case .tuple(let tuple): "tuple of \(tuple.items.count)"
        case .list: "list"
        case .dict: "dict"
        case .global(let module, let name): "global \(module).\(name)"
        case .call(let call): "call of \(call.module).\(call.name)"
        case .persistentID: "persistent id"
        }
    }

    /// The integer value, when this is an `int` (or a `bool`, as in Python).
    var intValue: Int64? {
        switch self {
        case .int(let value): value
        case .bool(let value): value ? 1 : 0
        default: nil
        }
    }

    /// The string value, when this is a `str`.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The tuple value, when this is a `tuple`.
    var tupleValue: PickleTuple? {
        if case .tuple(let value) = self { return value }
        return nil
    }

    /// Builds an integer from a two's-complement little-endian byte string (`LONG1`/`LONG4`).
    static func integer(littleEndian bytes: ArraySlice<UInt8>) -> PickleValue {
        guard let last = bytes.last else { return .int(0) }
        let fill: UInt8 = last & 0x80 == 0 ? 0x00 : 0xFF
        var minimal = Array(bytes)
        // Strip redundant sign-extension bytes.
        while minimal.count > 1, minimal[minimal.count - 1] == fill,
            (minimal[minimal.count - 2] & 0x80 == 0) == (fill == 0x00)
        {
            minimal.removeLast()
        }
        guard minimal.count <= 8 else { return .bigInt(minimal) }
        var raw: UInt64 = fill == 0x00 ? 0 : ~0
        for (index, byte) in minimal.enumerated() {
            raw &= ~(UInt64(0xFF) << (8 * UInt64(index)))
            raw |= UInt64(byte) << (8 * UInt64(index))
        }
        return .int(Int64(bitPattern: raw))
    }
}

/// A Python tuple with its precomputed nesting depth.
struct PickleTuple: Sendable {
    /// The elements.
    let items: [PickleValue]
    /// 1 + the deepest element's depth.
    let depth: Int

    init(_ items: [PickleValue]) {
        self.items = items
        self.depth = 1 + items.reduce(0) { max($0, $1.depth) }
    }
}

/// An inert record of `callable(*arguments)` where `callable` was a `GLOBAL`.
struct PickleCall: Sendable {
    let module: String
    let name: String
    let arguments: PickleTuple
}

/// Identifies a list in a ``PickleHeap``.
struct PickleListID: Hashable, Sendable {
    let index: Int
}

/// Identifies a dict in a ``PickleHeap``.
struct PickleDictID: Hashable, Sendable {
    let index: Int
}
