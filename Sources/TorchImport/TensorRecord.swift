/// How a tensor in the state-dict pickle refers to its storage, before data is located.
struct StorageReference: Sendable {
    /// Key of the root storage whose data block appears in the data section.
    let rootKey: String
    /// Element type from the storage class (`torch.FloatStorage`, …).
    let dtype: TorchDType
    /// Declared element count of the root storage.
    let rootCount: Int
    /// For legacy storage views: the view key, its element offset and length in the root.
    let view: (key: String, offset: Int, count: Int)?
}

/// A tensor as described by `torch._utils._rebuild_tensor_v2(...)`, not yet bound to data.
struct TensorRecord: Sendable {
    let name: String
    let storage: StorageReference
    let storageOffset: Int
    let shape: [Int]
    let strides: [Int]

    /// Storage keys are decimal ids in practice; the cap bounds hashing work on hostile input.
    static var maximumStorageKeyLength: Int { 256 }

    /// Interprets a state-dict value: `_rebuild_tensor_v2` (6 or 7 arguments),
    /// the older `_rebuild_tensor` (4 arguments), or `_rebuild_parameter` wrapping one of those.
    static func parse(name: String, value: PickleValue) throws(TorchFormatError) -> TensorRecord {
        try parse(name: name, value: value, allowParameter: true)
    }

    private static func parse(name: String, value: PickleValue, allowParameter: Bool) throws(TorchFormatError) -> TensorRecord {
        guard case .call(let call) = value else {
            throw .unexpectedObject(context: "state dict entry '\(name)'", expected: "a rebuilt tensor", found: value.kindDescription)
        }
        let arguments = call.arguments.items
        guard call.module == "torch._utils" else {
            throw .unsupportedGlobal(module: call.module, name: call.name)
        }
        switch call.name {
        case "_rebuild_parameter" where allowParameter:
            guard arguments.count == 3 || arguments.count == 4, let data = arguments.first else {
                throw arity(name, call, expected: "3 arguments")
            }
            return try parse(name: name, value: data, allowParameter: false)
        case "_rebuild_tensor_v2":
            guard arguments.count == 6 || arguments.count == 7 else {
                throw arity(name, call, expected: "6 or 7 arguments")
            }
        case "_rebuild_tensor":
            guard arguments.count == 4 else {
                throw arity(name, call, expected: "4 arguments")
            }
        default:
            throw .unsupportedGlobal(module: call.module, name: call.name)
        }
        return TensorRecord(
            name: name,
            storage: try storageReference(arguments[0], tensor: name),
            storageOffset: try integer(arguments[1], "storage_offset of '\(name)'"),
            shape: try integers(arguments[2], "size of '\(name)'"),
            strides: try integers(arguments[3], "stride of '\(name)'"))
    }

    private static func arity(_ name: String, _ call: PickleCall, expected: String) -> TorchFormatError {
        .unexpectedObject(
            context: "\(call.module).\(call.name) for '\(name)'", expected: expected,
            found: "\(call.arguments.items.count) arguments")
    }

    /// Decodes `('storage', torch.XStorage, key, location, numel, view_metadata)`.
    private static func storageReference(_ value: PickleValue, tensor: String) throws(TorchFormatError) -> StorageReference {
        let context = "storage persistent id of '\(tensor)'"
        guard case .persistentID(let pid) = value else {
            throw .unexpectedObject(context: context, expected: "a persistent id", found: value.kindDescription)
        }
        let items = pid.items
        guard items.count == 6 else {
            throw .unexpectedObject(context: context, expected: "a 6-tuple", found: "\(items.count) items")
        }
        guard items[0].stringValue == "storage" else {
            throw .unexpectedObject(context: context, expected: "tag 'storage'", found: items[0].kindDescription)
        }
        guard case .global(let module, let className) = items[1] else {
            throw .unexpectedObject(context: context, expected: "a storage class", found: items[1].kindDescription)
        }
        guard module == "torch", let dtype = TorchDType(storageClassName: className) else {
            throw .unsupportedGlobal(module: module, name: className)
        }
        guard let key = items[2].stringValue, key.utf8.count <= maximumStorageKeyLength else {
            throw .unexpectedObject(
                context: context, expected: "a str storage key of at most \(maximumStorageKeyLength) bytes",
                found: items[2].kindDescription)
        }
        guard items[3].stringValue != nil else {
            throw .unexpectedObject(context: context, expected: "a str location", found: items[3].kindDescription)
        }
        let rootCount = try integer(items[4], "element count of storage '\(key)'")
        var view: (key: String, offset: Int, count: Int)?
        switch items[5] {
        case .none:
            view = nil
        case .tuple(let metadata) where metadata.items.count == 3:
            guard let viewKey = metadata.items[0].stringValue, viewKey.utf8.count <= maximumStorageKeyLength else {
                throw .unexpectedObject(
                    context: context, expected: "a str view key of at most \(maximumStorageKeyLength) bytes",
                    found: metadata.items[0].kindDescription)
            }
            view = (
                viewKey,
                try integer(metadata.items[1], "view offset of storage '\(key)'"),
                try integer(metadata.items[2], "view size of storage '\(key)'")
            )
        default:
            throw .unexpectedObject(context: context, expected: "None or (view_key, offset, size)", found: items[5].kindDescription)
        }
        return StorageReference(rootKey: key, dtype: dtype, rootCount: rootCount, view: view)
    }

    /// A non-negative `int` that fits in `Int`.
    private static func integer(_ value: PickleValue, _ context: String) throws(TorchFormatError) -> Int {
        guard case .int(let raw) = value, let int = Int(exactly: raw), int >= 0 else {
            throw .unexpectedObject(context: context, expected: "a non-negative int", found: value.kindDescription)
        }
        return int
    }

    /// A tuple of non-negative ints.
    private static func integers(_ value: PickleValue, _ context: String) throws(TorchFormatError) -> [Int] {
        guard let tuple = value.tupleValue else {
            throw .unexpectedObject(context: context, expected: "a tuple of ints", found: value.kindDescription)
        }
        guard tuple.items.count <= TorchTensor.maximumRank else {
            throw .unexpectedObject(
                context: context, expected: "at most \(TorchTensor.maximumRank) dimensions", found: "\(tuple.items.count)")
        }
        var result: [Int] = []
        result.reserveCapacity(tuple.items.count)
        for item in tuple.items {
            result.append(try integer(item, context))
        }
        return result
    }
}
