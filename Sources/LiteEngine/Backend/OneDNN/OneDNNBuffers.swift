/// The activation buffers of a network, shared by its layers.
///
/// A step writes into a buffer that neither its input nor a block input still waiting for its
/// residual add occupies; a residual projection accumulates into its block input's buffer in
/// place. EfficientNet-Lite needs three buffers of the largest activation this way.
final class OneDNNBuffers {
    /// Buffer index of each convolution step's output (and of the network input at `inputSlot`).
    let slots: [Int]
    let inputSlot = 0
    private let buffers: [UnsafeMutableRawPointer]

    /// Plans and allocates buffers of `capacity` bytes for `steps` (convolutions only).
    init(steps: [NetworkPlan.Step], capacity: Int) {
        var slots: [Int] = []
        var count = 1
        var current = 0
        for (index, step) in steps.enumerated() {
            let output: Int
            if let source = step.residualSource {
                output = slots[source]
            } else {
                var busy: Set<Int> = [current]
                for (later, laterStep) in steps.enumerated() where later > index {
                    if let source = laterStep.residualSource, source < index { busy.insert(slots[source]) }
                }
                output = (0..<count).first { !busy.contains($0) } ?? count
                count = max(count, output + 1)
            }
            slots.append(output)
            current = output
        }
        self.slots = slots
        buffers = (0..<count).map { _ in UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 64), alignment: 64) }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    subscript(slot: Int) -> UnsafeMutableRawPointer { buffers[slot] }
}
