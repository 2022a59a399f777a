/// Copies a strided view into a dense row-major `[Float]`.
///
/// Dimensions of size 1 are dropped and adjacent dimensions that are contiguous with
/// each other are merged, so a contiguous tensor becomes one linear loop and a
/// transposed matrix a two-level loop.
struct StridedGather {
    private var sizes: [Int] = []
    private var strides: [Int] = []
    private let storageOffset: Int
    private let elementCount: Int

    /// `shape`/`strides` must already be validated against the storage.
    init(shape: [Int], strides: [Int], storageOffset: Int, elementCount: Int) {
        self.storageOffset = storageOffset
        self.elementCount = elementCount
        for (size, stride) in zip(shape, strides) where size != 1 {
            if let lastSize = sizes.last, let lastStride = self.strides.last, lastStride == size &* stride {
                // The previous (outer) dimension steps exactly over this one: merge them.
                sizes[sizes.count - 1] = lastSize &* size
                self.strides[self.strides.count - 1] = stride
            } else {
                sizes.append(size)
                self.strides.append(stride)
            }
        }
    }

    func run<Element: StorageElement>(_ storage: TorchStorage, as _: Element.Type) -> [Float] {
        let count = elementCount
        guard count > 0 else { return [] }
        return storage.bytes.withUnsafeBytes { raw -> [Float] in
            guard let fileBase = raw.baseAddress else { return [] }
            let base = fileBase + storage.byteOffset
            return [Float](unsafeUninitializedCapacity: count) { output, initialized in
                fill(output, from: base, as: Element.self)
                initialized = count
            }
        }
    }

    private func fill<Element: StorageElement>(
        _ output: UnsafeMutableBufferPointer<Float>, from base: UnsafeRawPointer, as _: Element.Type
    ) {
        guard let out = output.baseAddress else { return }
        guard let innerSize = sizes.last, let innerStride = strides.last else {
            // 0-d scalar (or all dimensions of size 1).
            out[0] = Element.load(base, storageOffset)
            return
        }
        let outerRank = sizes.count - 1
        var counters = [Int](repeating: 0, count: outerRank)
        var position = storageOffset
        var written = 0
        while written < elementCount {
            if innerStride == 1 {
                for index in 0..<innerSize {
                    out[written &+ index] = Element.load(base, position &+ index)
                }
            } else {
                var source = position
                for index in 0..<innerSize {
                    out[written &+ index] = Element.load(base, source)
                    source &+= innerStride
                }
            }
            written &+= innerSize
            // Advance the outer odometer.
            var dimension = outerRank - 1
            while dimension >= 0 {
                counters[dimension] &+= 1
                position &+= strides[dimension]
                if counters[dimension] < sizes[dimension] { break }
                position &-= sizes[dimension] &* strides[dimension]
                counters[dimension] = 0
                dimension -= 1
            }
        }
    }
}
