/// Parses the legacy (pre-zip) `torch.save` layout:
///
/// 1. pickle: magic number `119547037146038801333356`
/// 2. pickle: protocol version `1001`
/// 3. pickle: sys info `{'protocol_version', 'little_endian', 'type_sizes'}`
/// 4. pickle: the object (here an `OrderedDict` state dict of rebuilt tensors)
/// 5. pickle: list of storage keys
/// 6. for each key in that order: `Int64` element count, then the raw little-endian elements.
struct LegacyCheckpointReader {
    /// `119547037146038801333356` as minimal little-endian two's-complement bytes.
    private static var magicNumber: [UInt8] { [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19] }
    private static var protocolVersion: Int64 { 1001 }

    private let bytes: [UInt8]
    private let limits: PickleLimits

    init(bytes: [UInt8], limits: PickleLimits = .standard) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Reads the whole file and returns its tensors in state-dict order.
    func read() throws(TorchFormatError) -> [TorchTensor] {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw .unsupportedFormat(reason: "zip archive (torch.save of PyTorch ≥ 1.6); only the legacy format is supported")
        }
        var offset = try readHeader()

        let state = try PickleMachine.unpickle(bytes, at: offset, limits: limits)
        offset = state.endOffset
        let records = try tensorRecords(state)

        let keyList = try PickleMachine.unpickle(bytes, at: offset, limits: limits)
        offset = keyList.endOffset
        let keys = try storageKeys(keyList)

        let storages = try locateStorages(keys: keys, declared: declarations(records), dataOffset: offset)
        var tensors: [TorchTensor] = []
        tensors.reserveCapacity(records.count)
        for record in records {
            tensors.append(try tensor(record, storages: storages))
        }
        return tensors
    }

    // MARK: - Header

    /// Checks the three header pickles and returns the offset of the state-dict pickle.
    private func readHeader() throws(TorchFormatError) -> Int {
        let magic = try PickleMachine.unpickle(bytes, at: 0, limits: limits)
        guard case .bigInt(let magicBytes) = magic.value, magicBytes == Self.magicNumber else {
            throw .unsupportedFormat(reason: "first pickle is \(magic.value.kindDescription), not the torch magic number")
        }
        let version = try PickleMachine.unpickle(bytes, at: magic.endOffset, limits: limits)
        guard case .int(let number) = version.value, number == Self.protocolVersion else {
            throw .unsupportedFormat(reason: "protocol version is \(version.value.kindDescription), expected \(Self.protocolVersion)")
        }
        let sysInfo = try PickleMachine.unpickle(bytes, at: version.endOffset, limits: limits)
        guard case .dict(let id) = sysInfo.value else {
            throw .unexpectedObject(context: "sys info", expected: "a dict", found: sysInfo.value.kindDescription)
        }
        if case .bool(false) = sysInfo.heap[dict: id][.string("little_endian")] {
            throw .unsupportedFormat(reason: "big-endian checkpoint")
        }
        return sysInfo.endOffset
    }

    // MARK: - Pickled objects

    private func tensorRecords(_ result: PickleResult) throws(TorchFormatError) -> [TensorRecord] {
        guard case .dict(let id) = result.value else {
            throw .unexpectedObject(context: "checkpoint object", expected: "a state-dict OrderedDict", found: result.value.kindDescription)
        }
        var records: [TensorRecord] = []
        for entry in result.heap[dict: id].entries {
            guard case .string(let name) = entry.key else {
                throw .unexpectedObject(context: "state dict", expected: "str keys", found: "key \(entry.key)")
            }
            records.append(try TensorRecord.parse(name: name, value: entry.value))
        }
        return records
    }

    private func storageKeys(_ result: PickleResult) throws(TorchFormatError) -> [String] {
        guard case .list(let id) = result.value else {
            throw .unexpectedObject(context: "storage key list", expected: "a list", found: result.value.kindDescription)
        }
        var keys: [String] = []
        var seen: Set<String> = []
        for item in result.heap[list: id] {
            guard let key = item.stringValue else {
                throw .unexpectedObject(context: "storage key list", expected: "str keys", found: item.kindDescription)
            }
            guard seen.insert(key).inserted else {
                throw .storageMismatch(key: key, reason: "listed twice in the storage key list")
            }
            keys.append(key)
        }
        return keys
    }

    /// Root storages declared by the tensors' persistent ids, checked for consistency.
    private func declarations(_ records: [TensorRecord]) throws(TorchFormatError) -> [String: StorageReference] {
        var declared: [String: StorageReference] = [:]
        var views: [String: (root: String, offset: Int, count: Int)] = [:]
        for record in records {
            let reference = record.storage
            if let previous = declared[reference.rootKey] {
                guard previous.dtype == reference.dtype, previous.rootCount == reference.rootCount else {
                    throw .storageMismatch(
                        key: reference.rootKey,
                        reason: "declared as \(previous.rootCount) \(previous.dtype) and as \(reference.rootCount) \(reference.dtype)")
                }
            } else {
                declared[reference.rootKey] = reference
            }
            if let view = reference.view {
                if let previous = views[view.key] {
                    guard previous == (reference.rootKey, view.offset, view.count) else {
                        throw .storageMismatch(key: view.key, reason: "storage view declared inconsistently")
                    }
                } else {
                    views[view.key] = (reference.rootKey, view.offset, view.count)
                }
            }
        }
        return declared
    }

    // MARK: - Data section

    /// Walks the data section in key-list order, validating each block before recording it.
    private func locateStorages(
        keys: [String], declared: [String: StorageReference], dataOffset: Int
    ) throws(TorchFormatError) -> [String: TorchStorage] {
        var reader = ByteReader(bytes: bytes, offset: dataOffset)
        var storages: [String: TorchStorage] = [:]
        storages.reserveCapacity(keys.count)
        for key in keys {
            guard let declaration = declared[key] else {
                throw .storageMismatch(key: key, reason: "listed in the storage key list but used by no tensor")
            }
            let headerOffset = reader.offset
            let count = try reader.readInt64("element count of storage '\(key)'")
            guard count == Int64(declaration.rootCount) else {
                throw .storageMismatch(
                    key: key,
                    reason: "data block at byte \(headerOffset) holds \(count) elements, the pickle declares \(declaration.rootCount)")
            }
            let elementSize = declaration.dtype.elementSize
            let (byteCount, overflow) = declaration.rootCount.multipliedReportingOverflow(by: elementSize)
            if overflow {
                throw .storageMismatch(key: key, reason: "\(count) elements of \(elementSize) bytes overflow")
            }
            try reader.require(byteCount, "data of storage '\(key)'")
            storages[key] = try TorchStorage(
                key: key, dtype: declaration.dtype, bytes: bytes, byteOffset: reader.offset, count: declaration.rootCount)
            try reader.skip(byteCount, "data of storage '\(key)'")
        }
        for key in declared.keys where storages[key] == nil {
            throw .storageMismatch(key: key, reason: "used by a tensor but missing from the storage key list")
        }
        return storages
    }

    private func tensor(_ record: TensorRecord, storages: [String: TorchStorage]) throws(TorchFormatError) -> TorchTensor {
        guard let root = storages[record.storage.rootKey] else {
            throw .storageMismatch(key: record.storage.rootKey, reason: "no data for tensor '\(record.name)'")
        }
        var storage = root
        if let view = record.storage.view {
            storage = try root.view(key: view.key, elementOffset: view.offset, count: view.count)
        }
        return try TorchTensor(
            name: record.name, storage: storage, shape: record.shape, strides: record.strides,
            storageOffset: record.storageOffset)
    }
}
