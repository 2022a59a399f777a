/// Implicit zero padding of a 2-D window operation.
public struct Padding: Hashable, Sendable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int

    /// TensorFlow `SAME` padding: output `ceil(in / stride)`, the odd extra row or column goes to
    /// the bottom or right.
    public static func tensorFlowSame(inputHeight: Int, inputWidth: Int, kernel: Int, stride: Int) -> Padding {
        func split(_ input: Int) -> (Int, Int) {
            let output = (input + stride - 1) / stride
            let total = max((output - 1) * stride + kernel - input, 0)
            return (total / 2, total - total / 2)
        }
        let (top, bottom) = split(inputHeight)
        let (left, right) = split(inputWidth)
        return Padding(top: top, left: left, bottom: bottom, right: right)
    }
}
