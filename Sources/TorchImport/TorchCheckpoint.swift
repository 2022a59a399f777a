#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A state dict read from a legacy (non-zip) `torch.save` file.
///
/// The file is read into one byte array that all tensors share; no tensor data is copied
/// until ``TorchTensor/floats()`` is called. Reading never executes pickled code: only the
/// globals a state dict needs (`collections.OrderedDict`, `torch._utils._rebuild_tensor_v2`,
/// `torch.*Storage`) are interpreted, anything else is a ``TorchFormatError``.
///
/// ```swift
/// let checkpoint = try TorchCheckpoint(contentsOf: url)
/// let stem = try checkpoint["_conv_stem.weight"]?.floats()
/// ```
public struct TorchCheckpoint: Sendable {
    /// Tensor names in state-dict order.
    public let names: [String]
    /// Tensors in state-dict order.
    public let tensors: [TorchTensor]
    private let positions: [String: Int]

    /// Reads and validates the checkpoint file at `url`.
    public init(contentsOf url: URL) throws(TorchFormatError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(path: url.path, reason: "\(error)")
        }
        try self.init(bytes: [UInt8](data))
    }

    /// Parses and validates checkpoint bytes; the array is kept (not copied) as tensor storage.
    public init(bytes: [UInt8]) throws(TorchFormatError) {
        let tensors = try LegacyCheckpointReader(bytes: bytes).read()
        var positions: [String: Int] = [:]
        positions.reserveCapacity(tensors.count)
        for (index, tensor) in tensors.enumerated() {
            positions[tensor.name] = index
        }
        self.tensors = tensors
        self.names = tensors.map(\.name)
        self.positions = positions
    }

    /// Number of tensors.
    public var count: Int { tensors.count }

    /// The tensor named `name`, or `nil`.
    public subscript(name: String) -> TorchTensor? {
        guard let index = positions[name] else { return nil }
        return tensors[index]
    }
}
