/// Storage for the mutable containers (lists and dicts) created while unpickling.
///
/// Values refer to containers by id, which gives Python's sharing semantics (a memoized
/// dict filled later by `SETITEMS` is the same dict everywhere) while keeping
/// ``PickleValue`` a plain value type without reference cycles.
struct PickleHeap: Sendable {
    private(set) var lists: [[PickleValue]] = []
    private(set) var dicts: [PickleDict] = []

    /// Creates an empty list and returns its id.
    mutating func makeList() -> PickleListID {
        lists.append([])
        return PickleListID(index: lists.count - 1)
    }

    /// Creates an empty dict and returns its id.
    mutating func makeDict() -> PickleDictID {
        dicts.append(PickleDict())
        return PickleDictID(index: dicts.count - 1)
    }

    /// The elements of a list.
    subscript(list id: PickleListID) -> [PickleValue] {
        lists[id.index]
    }

    /// A dict.
    subscript(dict id: PickleDictID) -> PickleDict {
        dicts[id.index]
    }

    /// Appends values to a list in place.
    mutating func append<S: Sequence>(contentsOf values: S, to id: PickleListID) where S.Element == PickleValue {
        lists[id.index].append(contentsOf: values)
    }

    /// Inserts or replaces `key: value` in a dict in place.
    mutating func setItem(_ value: PickleValue, forKey key: PickleDictKey, in id: PickleDictID) {
        dicts[id.index].set(value, forKey: key)
    }

    /// Records the `BUILD` state (for an `OrderedDict`: its `__dict__`, e.g. `_metadata`).
    mutating func setState(_ state: PickleValue, of id: PickleDictID) {
        dicts[id.index].state = state
    }
}

/// An insertion-ordered dictionary, as Python `dict` and `OrderedDict` are.
struct PickleDict: Sendable {
    /// One key/value pair.
    struct Entry: Sendable {
        let key: PickleDictKey
        var value: PickleValue
    }

    /// Entries in insertion order.
    private(set) var entries: [Entry] = []
    private var positions: [PickleDictKey: Int] = [:]
    /// The state applied by `BUILD`, if any (object attributes, not items).
    var state: PickleValue?

    /// Number of entries.
    var count: Int { entries.count }

    /// Inserts or replaces; a replaced key keeps its original position, as in Python.
    mutating func set(_ value: PickleValue, forKey key: PickleDictKey) {
        if let position = positions[key] {
            entries[position].value = value
        } else {
            positions[key] = entries.count
            entries.append(Entry(key: key, value: value))
        }
    }

    /// Looks a value up by key.
    subscript(key: PickleDictKey) -> PickleValue? {
        guard let position = positions[key] else { return nil }
        return entries[position].value
    }
}

/// The hashable subset of pickle values accepted as dict keys.
///
/// Restricting keys to scalars keeps hashing non-recursive; torch checkpoints only use strings.
enum PickleDictKey: Hashable, Sendable, CustomStringConvertible {
    case none
    case int(Int64)
    case string(String)

    /// Converts a value to a key, or `nil` when the value is not an accepted key type.
    init?(_ value: PickleValue) {
        switch value {
        case .none: self = .none
        case .int(let int): self = .int(int)
        case .bool(let bool): self = .int(bool ? 1 : 0)  // True == 1 in Python
        case .string(let string): self = .string(string)
        default: return nil
        }
    }

    var description: String {
        switch self {
        case .none: "None"
        case .int(let value): "\(value)"
        case .string(let value): "'\(value)'"
        }
    }
}
