/// An ordered list of HTTP header fields whose names compare case-insensitively.
///
/// A name may appear more than once; ``subscript(_:)`` returns every value it has.
///
/// ```swift
/// var headers: HTTPHeaders = ["Accept": "application/json"]
/// headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
/// ```
public struct HTTPHeaders: Sendable, Hashable {
    /// One header field.
    public struct Field: Sendable, Hashable {
        /// The field's name as it was given.
        public var name: String
        /// The field's value.
        public var value: String
    }

    /// The fields, in order.
    public private(set) var fields: [Field]

    /// Creates headers from `(name, value)` pairs, in order.
    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    /// Appends a field, keeping any of the same name.
    public mutating func add(name: String, value: String) {
        self.fields.append(Field(name: name, value: value))
    }

    /// Removes every field named `name`, then appends one with `value`.
    public mutating func replaceOrAdd(name: String, value: String) {
        self.remove(name: name)
        self.add(name: name, value: value)
    }

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        self.fields.removeAll { $0.name.lowercased() == name.lowercased() }
    }

    /// Every value of the fields named `name`, in order.
    public subscript(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return self.fields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The first value of the fields named `name`.
    public func first(name: String) -> String? {
        self[name].first
    }

    /// Whether a field named `name` is present.
    public func contains(name: String) -> Bool {
        self.first(name: name) != nil
    }

    /// Every field of `self`, then the fields of `other`, each of which replaces those of its name in `self`.
    public func merging(_ other: HTTPHeaders) -> HTTPHeaders {
        var merged = self
        for name in Set(other.fields.map { $0.name.lowercased() }) {
            merged.remove(name: name)
        }
        merged.fields.append(contentsOf: other.fields)
        return merged
    }
}

extension HTTPHeaders: ExpressibleByDictionaryLiteral {
    /// Creates headers from a literal, in the literal's order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }
}

extension HTTPHeaders: Sequence {
    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        self.fields.makeIterator()
    }
}
