/// Builds small legacy `torch.save` files with the same layout `torch.save` (PyTorch < 1.6)
/// writes, so tests can craft edge cases and hostile variants.
struct LegacyFileBuilder {
    struct Storage {
        var key: String
        var className = "FloatStorage"
        var elementSize = 4
        var data: [UInt8]
        /// Element count in the persistent id; defaults to `data.count / elementSize`.
        var declaredCount: Int?
        /// Element count written before the data block; defaults to `declaredCount`.
        var writtenCount: Int?
    }

    struct Tensor {
        var name: String
        var storageKey: String
        var storageOffset = 0
        var shape: [Int]
        var strides: [Int]
        var view: (key: String, offset: Int, count: Int)?
    }

    var storages: [Storage] = []
    var tensors: [Tensor] = []
    /// Storage keys listed after the state dict; defaults to all storages in order.
    var keyList: [String]?

    /// Magic number, protocol version and sys-info pickles, byte-identical to the real files.
    static var header: [UInt8] {
        var bytes: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E]
        bytes += [0x80, 0x02, 0x4D, 0xE9, 0x03, 0x2E]
        var info = PickleWriter()
        info.proto()
        info.emptyDict()
        info.mark()
        info.string("protocol_version")
        info.int(1001)
        info.string("little_endian")
        info.bool(true)
        info.string("type_sizes")
        info.emptyDict()
        info.mark()
        info.string("short")
        info.int(2)
        info.string("int")
        info.int(4)
        info.string("long")
        info.int(4)
        info.setItems()
        info.setItems()
        info.stop()
        return bytes + info.bytes
    }

    /// The state-dict pickle alone.
    func statePickle() -> [UInt8] {
        var writer = PickleWriter()
        writer.proto()
        writer.global("collections", "OrderedDict")
        writer.emptyTuple()
        writer.reduce()
        writer.mark()
        for tensor in tensors {
            let storage = storages.first { $0.key == tensor.storageKey }
            writer.string(tensor.name)
            writer.global("torch._utils", "_rebuild_tensor_v2")
            writer.tuple { args in
                args.tuple { pid in
                    pid.string("storage")
                    pid.global("torch", storage?.className ?? "FloatStorage")
                    pid.string(tensor.storageKey)
                    pid.string("cpu")
                    let elementSize = storage?.elementSize ?? 4
                    pid.int(storage.map { $0.declaredCount ?? $0.data.count / elementSize } ?? 0)
                    if let view = tensor.view {
                        pid.tuple { metadata in
                            metadata.string(view.key)
                            metadata.int(view.offset)
                            metadata.int(view.count)
                        }
                    } else {
                        pid.none()
                    }
                }
                args.binPersID()
                args.int(tensor.storageOffset)
                args.intTuple(tensor.shape)
                args.intTuple(tensor.strides)
                args.bool(false)
                args.global("collections", "OrderedDict")
                args.emptyTuple()
                args.reduce()
            }
            writer.reduce()
        }
        writer.setItems()
        writer.stop()
        return writer.bytes
    }

    /// The storage-key list pickle followed by the data blocks.
    func keysAndData() -> [UInt8] {
        var writer = PickleWriter()
        writer.proto()
        writer.emptyList()
        writer.mark()
        let keys = keyList ?? storages.map(\.key)
        for key in keys { writer.string(key) }
        writer.appends()
        writer.stop()
        var bytes = writer.bytes
        for key in keys {
            guard let storage = storages.first(where: { $0.key == key }) else { continue }
            let count = storage.writtenCount ?? storage.declaredCount ?? storage.data.count / storage.elementSize
            bytes += littleEndian(Int64(count))
            bytes += storage.data
        }
        return bytes
    }

    func build() -> [UInt8] {
        Self.header + statePickle() + keysAndData()
    }

    /// A file whose state-dict pickle is replaced by arbitrary pickle bytes.
    static func file(withStatePickle state: [UInt8]) -> [UInt8] {
        header + state + LegacyFileBuilder().keysAndData()
    }
}
